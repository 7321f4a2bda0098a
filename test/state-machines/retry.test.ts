/**
 * One classification of retryable failures (issue 14 item 11): whatever AWS calls a throttling or
 * transient failure, a Lambda task's failure reaches Step Functions under the one name the synthesized
 * `Retry` of every Lambda Task state (both state machines) matches. The error names are the SDK's own
 * (`@smithy/core/retry` classification); the Node.js runtime reports a thrown error's `name` as the
 * function's `errorType`, which is the `Error` a Task state's Retry/Catch matches.
 */
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { allStates } from '../../local/bindings';
import type { ExtractedStateMachine } from '../../local/extract';
import { eventWorkflows, workflows } from '../../local/workflows';
import { AccountUnreachableError, InvalidInputError, RetryableAwsError } from '../../tasks/shared/errors';
import { lambdaHandler } from '../../tasks/shared/runtime';

// The wrapper logs every failure; these are expected.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const CONTEXT = {
  functionName: 'warden-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:warden-test',
  memoryLimitInMB: '1024',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

/** An SDK v3 service error as the clients throw it (name = AWS error code, $metadata, $fault). */
const awsError = (name: string, status: number, fault: 'client' | 'server' = 'client', message = name) =>
  Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });

/** What AWS and Node.js throw when "try again later" is the answer, as the SDK classifies it. */
const RETRYABLE: Record<string, unknown> = {
  'EC2ThrottledException (EC2)': awsError('EC2ThrottledException', 503, 'server'),
  'RequestLimitExceeded (EC2)': awsError('RequestLimitExceeded', 503, 'server'),
  'PriorRequestNotComplete (Route 53)': awsError('PriorRequestNotComplete', 400),
  'ThrottlingException (DynamoDB, STS)': awsError('ThrottlingException', 400),
  'ProvisionedThroughputExceededException (DynamoDB)': awsError('ProvisionedThroughputExceededException', 400),
  'SlowDown (S3)': awsError('SlowDown', 503, 'server'),
  'TooManyRequestsException (HTTP 429)': awsError('TooManyRequestsException', 429),
  BandwidthLimitExceeded: awsError('BandwidthLimitExceeded', 400),
  TransactionInProgressException: awsError('TransactionInProgressException', 400),
  'RequestTimeout (S3)': awsError('RequestTimeout', 400),
  RequestTimeoutException: awsError('RequestTimeoutException', 408),
  'InternalError (S3, HTTP 500)': awsError('InternalError', 500, 'server'),
  'ServiceUnavailable (HTTP 503)': awsError('ServiceUnavailable', 503, 'server'),
  'a $retryable error (throttling trait)': Object.assign(awsError('SomeNewThrottle', 400), {
    $retryable: { throttling: true },
  }),
  'TimeoutError (node-http-handler)': Object.assign(new Error('Connection timed out after 1000 ms'), {
    name: 'TimeoutError',
  }),
  'ECONNRESET (socket)': Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  'ETIMEDOUT (socket)': Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }),
  'EAI_AGAIN (DNS)': Object.assign(new Error('getaddrinfo EAI_AGAIN sts.amazonaws.com'), { code: 'EAI_AGAIN' }),
};

/** Not retryable: a Retry would only repeat the failure (or hide what Catch must see). */
const NOT_RETRYABLE: Record<string, unknown> = {
  AccessDenied: awsError('AccessDenied', 403),
  ValidationException: awsError('ValidationException', 400),
  'AccountUnreachableError (caused by a TimeoutError)': new AccountUnreachableError('111111111111', 'no role', {
    cause: Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
  }),
  InvalidInputError: new InvalidInputError('bad input'),
};

/** The `Error` Step Functions sees when the Lambda task throws `error`: the rejected error's name. */
async function errorTypeOf(error: unknown): Promise<{ name: string; rejected: unknown }> {
  const handler = lambdaHandler('test', async () => {
    throw error;
  });
  const rejected = await handler({}, CONTEXT).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { name: (rejected as Error).name, rejected };
}

type Retrier = { ErrorEquals: string[]; MaxAttempts?: number; BackoffRate?: number; JitterStrategy?: string };

/** Every Lambda Task state of a synthesized state machine, with its Retry. */
function lambdaTasks(machine: ExtractedStateMachine): { name: string; retry: Retrier[] }[] {
  return allStates(machine.definition)
    .filter(({ state }) => state.Type === 'Task')
    .filter(({ state }) => machine.placeholders.get(String(state.Resource))?.type === 'AWS::Lambda::Function')
    .map(({ name, state }) => ({ name, retry: (state.Retry ?? []) as Retrier[] }));
}

let machines: Record<string, ExtractedStateMachine>;
beforeAll(() => {
  machines = { SweepStateMachine: workflows().sweep, EventStateMachine: eventWorkflows().event };
});

describe('a retryable AWS failure, thrown by a Lambda task', () => {
  it.each(Object.entries(RETRYABLE))(
    '%s reaches Step Functions as RetryableAwsError, keeping the cause',
    async (_label, error) => {
      const { name, rejected } = await errorTypeOf(error);
      expect(name).toBe('RetryableAwsError');
      expect(rejected).toBeInstanceOf(RetryableAwsError);
      expect((rejected as RetryableAwsError).cause).toBe(error);
      // The console's Cause names what AWS answered.
      expect((rejected as Error).message).toContain((error as Error).message);
    },
  );

  it.each(Object.entries(NOT_RETRYABLE))('%s is rethrown unchanged (its own name for Catch)', async (_label, error) => {
    const { rejected } = await errorTypeOf(error);
    expect(rejected).toBe(error);
  });
});

describe('the synthesized Retry of every Lambda Task state', () => {
  it.each(['SweepStateMachine', 'EventStateMachine'])(
    '%s: every Lambda task retries every retryable failure with backoff and full jitter',
    async (machineName) => {
      const tasks = lambdaTasks(machines[machineName]!);
      expect(tasks.length).toBeGreaterThan(3);
      const names = new Set<string>();
      for (const error of Object.values(RETRYABLE)) names.add((await errorTypeOf(error)).name);
      for (const task of tasks) {
        for (const name of names) {
          const retrier = task.retry.find((r) => r.ErrorEquals.includes(name) || r.ErrorEquals.includes('States.ALL'));
          expect(retrier, `${task.name} does not retry ${name}`).toMatchObject({
            BackoffRate: 2,
            JitterStrategy: 'FULL',
          });
          expect(retrier?.MaxAttempts ?? 3).toBeGreaterThanOrEqual(3);
        }
      }
    },
  );

  it.each(['SweepStateMachine', 'EventStateMachine'])(
    '%s: no retrier names what is not retryable (only Record remediation retries States.ALL, by design)',
    async (machineName) => {
      for (const error of Object.values(NOT_RETRYABLE)) {
        const { name } = await errorTypeOf(error);
        for (const task of lambdaTasks(machines[machineName]!)) {
          expect(task.retry.filter((r) => r.ErrorEquals.includes(name))).toEqual([]);
          // The ledger write is idempotent and retried on any error (state-machines/fragments/finding.ts).
          if (task.name !== 'Record remediation') {
            expect(task.retry.filter((r) => r.ErrorEquals.includes('States.ALL'))).toEqual([]);
          }
        }
      }
    },
  );
});
