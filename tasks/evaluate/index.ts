/** Lambda entry for `Evaluate rules`. */
import { ruleById } from '../rules/index';
import { evaluationMetrics } from '../shared/metrics';
import { artifactsStore, lambdaHandler, taskEnv } from '../shared/runtime';
import { evaluateTask as task } from './task';

export const handler = lambdaHandler(task.name, task.create(taskEnv(task), { artifacts: artifactsStore }), {
  metrics: (_event, output) => evaluationMetrics(output, (ruleId) => ruleById(ruleId)?.severity),
});
