/** Lambda entry for `Evaluate rules`. */
import { artifactsStore, lambdaHandler, wardenConfig } from '../shared/runtime';
import { createEvaluate } from './evaluate';

export const handler = lambdaHandler('evaluate', createEvaluate({ store: artifactsStore(), config: wardenConfig() }));
