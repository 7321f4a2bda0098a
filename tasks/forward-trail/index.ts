/**
 * Lambda entry for the trail forwarder (SQS event source with partial batch responses): the handler
 * answers Lambda with exactly `{ batchItemFailures }` and logs what it forwarded.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { lambdaHandler, logger, taskEnv } from '../shared/runtime';
import { forwardTrailTask as task } from './task';

const forward = task.create(taskEnv(task), {
  s3: new S3Client({}),
  eventBridge: new EventBridgeClient({ retryMode: 'adaptive' }),
  warn: (message, details) => logger.warn(message, details),
});

export const handler = lambdaHandler(task.name, async (event: unknown) => {
  const { batchItemFailures, ...counts } = await forward(event);
  logger.info('trail log files forwarded', { ...counts, failedMessages: batchItemFailures.length });
  return { batchItemFailures };
});
