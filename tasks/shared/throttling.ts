/**
 * The one classification of "try again later" errors, for every task and the state machines.
 *
 * Which AWS errors are worth retrying is the SDK's own classification (`@smithy/core/retry`, what
 * the clients' retry strategies use): throttling (the names AWS uses for it, HTTP 429, the
 * `$retryable.throttling` trait), transient errors (timeouts, `ECONNRESET` and the other Node.js
 * network codes, 500/502/503/504, the `$retryable` trait) and other server errors (5xx). Tasks
 * let throttling propagate instead of recording it (`isThrottlingError`), and whatever retryable
 * error propagates out of a task, the Lambda wrapper (`lambdaHandler`) and the local bindings turn
 * it into `RetryableAwsError` (`asRetryable`): that one name is what the `Retry` of every Task state
 * matches (state-machines/retry.ts). No hand-kept list of names to fall out of step.
 */
import {
  isThrottlingError as isSdkThrottlingError,
  isTransientError as isSdkTransientError,
  isServerError,
} from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import { RetryableAwsError } from './errors';

/** The error name Step Functions sees for every retryable failure of a Lambda task. */
const RETRYABLE_ERROR_NAME = 'RetryableAwsError';

/**
 * The error's own fields only. The SDK's `isTransientError` also follows `cause`, but Warden's named
 * errors (`AccountUnreachableError` and the like) carry the AWS error they explain as their cause
 * and must keep their own name for `Catch`.
 */
function ownFields(error: unknown): SdkError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Record<string, unknown>;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : '',
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.$metadata !== undefined ? { $metadata: e.$metadata } : {}),
    ...(e.$retryable !== undefined ? { $retryable: e.$retryable } : {}),
    ...(e.$fault !== undefined ? { $fault: e.$fault } : {}),
  } as unknown as SdkError;
}

/** AWS said "slow down" (by name, HTTP 429 or the `$retryable.throttling` trait). */
function isThrottlingError(error: unknown): boolean {
  if (error instanceof RetryableAwsError) return isThrottlingError(error.cause);
  const own = ownFields(error);
  return own !== undefined && isSdkThrottlingError(own);
}

/** Throttling, timeouts, network failures and 5xx: worth retrying, never the account's answer. */
function isRetryableError(error: unknown): boolean {
  if (error instanceof RetryableAwsError) return true;
  const own = ownFields(error);
  if (own === undefined) return false;
  return (
    isSdkThrottlingError(own) ||
    isSdkTransientError(own) ||
    isServerError(own) ||
    (own as { $fault?: unknown }).$fault === 'server'
  );
}

/** What a task's failure becomes for Step Functions: a retryable one is `RetryableAwsError`, the rest is unchanged. */
function asRetryable(error: unknown): unknown {
  if (error instanceof RetryableAwsError || !isRetryableError(error)) return error;
  return new RetryableAwsError(error);
}

export { asRetryable, isRetryableError, isThrottlingError, RETRYABLE_ERROR_NAME };
