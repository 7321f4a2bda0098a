/** Lambda entry for `Check exemptions`. */
import { SSMClient } from '@aws-sdk/client-ssm';
import { ssmKillSwitch } from '../shared/kill-switch';
import { artifactsStore, ddbDocument, lambdaHandler, taskEnv } from '../shared/runtime';
import { checkExemptionsTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    ddb: ddbDocument(),
    artifacts: artifactsStore,
    killSwitch: (parameter) => ssmKillSwitch(new SSMClient({ retryMode: 'adaptive' }), parameter),
  }),
);
