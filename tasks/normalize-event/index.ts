/** Lambda entry for `Normalize event`. */
import { artifactsStore, ddbDocument, lambdaHandler, taskEnv, warnInLog } from '../shared/runtime';
import { normalizeEventTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), { ddb: ddbDocument(), artifacts: artifactsStore, warn: warnInLog }),
);
