/** Lambda entry for `Summarize`. */
import { artifactsStore, lambdaHandler } from '../shared/runtime';
import { createSummarize } from './summarize';

export const handler = lambdaHandler('summarize', createSummarize({ store: artifactsStore() }));
