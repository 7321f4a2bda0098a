/** Lambda entry for the event path's `Evaluate`. */
import { artifactsStore, lambdaHandler, wardenConfig } from '../shared/runtime';
import { createEvaluateEvent } from './evaluate-event';

export const handler = lambdaHandler(
  'evaluate-event',
  createEvaluateEvent({ store: artifactsStore(), config: wardenConfig() }),
);
