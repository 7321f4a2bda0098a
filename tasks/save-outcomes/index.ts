/** Lambda entry for `Save outcomes`. */
import { artifactsStore, lambdaHandler, taskEnv } from '../shared/runtime';
import { saveOutcomesTask as task } from './task';

export const handler = lambdaHandler(task.name, task.create(taskEnv(task), { artifacts: artifactsStore }));
