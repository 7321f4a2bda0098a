/** Lambda entry for the trail forwarder (SQS event source with partial batch responses). */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { lambdaHandler, logger, taskEnv } from '../shared/runtime';
import { forwardTrailTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    s3: new S3Client({}),
    eventBridge: new EventBridgeClient({ retryMode: 'adaptive' }),
    warn: (message, details) => logger.warn(message, details),
  }),
);
