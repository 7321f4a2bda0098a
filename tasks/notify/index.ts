/** Lambda entry for `Notify` (informational rules). */
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ssmKillSwitch } from '../shared/kill-switch';
import { snsPublisher } from '../shared/notification/publish';
import { ddbDocument, lambdaHandler, taskEnv, warnInLog } from '../shared/runtime';
import { notifyTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    ddb: ddbDocument(),
    killSwitch: (parameter) => ssmKillSwitch(new SSMClient({ retryMode: 'adaptive' }), parameter),
    publisher: (topicArn) => snsPublisher(new SNSClient({ retryMode: 'adaptive' }), topicArn),
    warn: warnInLog,
  }),
);
