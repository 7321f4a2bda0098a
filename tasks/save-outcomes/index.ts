/** Lambda entry for `Save outcomes`. */
import { artifactsStore, lambdaHandler } from '../shared/runtime';
import { createSaveOutcomes } from './save-outcomes';

export const handler = lambdaHandler('save-outcomes', createSaveOutcomes({ store: artifactsStore() }));
