/** Lambda entry for `Evaluate rules`. */
import { ruleById } from '../rules/index';
import { evaluationMetrics } from '../shared/metrics';
import { artifactsStore, lambdaHandler, wardenConfig } from '../shared/runtime';
import { createEvaluate } from './evaluate';

export const handler = lambdaHandler('evaluate', createEvaluate({ store: artifactsStore(), config: wardenConfig() }), {
  metrics: (_event, output) => evaluationMetrics(output, (ruleId) => ruleById(ruleId)?.severity),
});
