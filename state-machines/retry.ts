/**
 * One retry policy for every Task state, so a transient AWS failure never fails a sweep and the
 * console shows the same backoff everywhere.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { RETRYABLE_ERROR_NAME } from '../tasks/shared/throttling';

/** Lambda's own transient failures (the invocation never ran or its result was lost). */
const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];

/** Service-integration (DynamoDB, SNS) transient failures. */
const INTEGRATION_TRANSIENT_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerErrorException',
  'DynamoDB.RequestLimitExceeded',
  'SNS.ThrottledException',
  'SNS.InternalErrorException',
  'SNS.KMSThrottlingException',
];

function withTaskRetry<T extends sfn.TaskStateBase>(task: T): T {
  task.addRetry({
    errors: [...LAMBDA_TRANSIENT_ERRORS, ...INTEGRATION_TRANSIENT_ERRORS],
    interval: Duration.seconds(2),
    maxAttempts: 4,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
  // What a Lambda task throws when an AWS call keeps throttling or failing transiently after the
  // SDK's own retries: one name, whatever AWS called it (tasks/shared/throttling.ts classifies).
  task.addRetry({
    errors: [RETRYABLE_ERROR_NAME],
    interval: Duration.seconds(5),
    maxAttempts: 6,
    backoffRate: 2,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}

export { INTEGRATION_TRANSIENT_ERRORS, LAMBDA_TRANSIENT_ERRORS, withTaskRetry };
