/** Lambda entry for the event path's `Evaluate`. */
import { artifactsStore, lambdaHandler, taskEnv } from '../shared/runtime';
import { evaluateEventTask as task } from './task';

export const handler = lambdaHandler(task.name, task.create(taskEnv(task), { artifacts: artifactsStore }));
