/** Lambda entry for `Load remediations`. */
import { artifactsStore, lambdaHandler, taskEnv } from '../shared/runtime';
import { loadRemediationsTask as task } from './task';

export const handler = lambdaHandler(task.name, task.create(taskEnv(task), { artifacts: artifactsStore }));
