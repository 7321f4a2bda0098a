/** Lambda entry for `Notify` (informational rules). */
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { describeError } from '../shared/errors';
import { ssmKillSwitch } from '../shared/kill-switch';
import { createDeduplicator } from '../shared/notification/dedupe';
import { snsPublisher } from '../shared/notification/publish';
import { ddbDocument, lambdaHandler, logger, requiredEnv } from '../shared/runtime';
import { createNotify } from './notify';

const ddb = ddbDocument();

export const handler = lambdaHandler(
  'notify',
  createNotify({
    ddb,
    exemptionsTable: requiredEnv('EXEMPTIONS_TABLE'),
    killSwitch: ssmKillSwitch(new SSMClient({ retryMode: 'adaptive' }), requiredEnv('KILL_SWITCH_PARAMETER')),
    dedupe: createDeduplicator({
      ddb,
      table: requiredEnv('NOTIFICATION_LOG_TABLE'),
      windowSeconds: Number(process.env.DEDUPE_WINDOW_SECONDS ?? '3600'),
      warn: (message, error) => logger.warn(message, { error: describeError(error) }),
    }),
    publish: snsPublisher(new SNSClient({ retryMode: 'adaptive' }), requiredEnv('TOPIC_ARN')),
  }),
);
