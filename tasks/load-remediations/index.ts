/** Lambda entry for `Load remediations`. */
import { artifactsStore, lambdaHandler } from '../shared/runtime';
import { createLoadRemediations } from './load-remediations';

export const handler = lambdaHandler('load-remediations', createLoadRemediations({ store: artifactsStore() }));
