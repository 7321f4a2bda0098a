/**
 * Classifying AWS SDK v3 errors for the live collectors: which ones must propagate (so the
 * Step Functions `Retry` on the task handles them) and which ones say "this principal may not read this".
 */

/** SDK v3 throttling error names (the list `@smithy/service-error-classification` retries on). */
const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** Transient (not the account's fault) error names and Node.js network error codes. */
const TRANSIENT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Errors that mean "the credentials may not do this here": IAM denies, SCP denies, an opt-in region
 * that is not enabled for the account (EC2 answers `AuthFailure`/`OptInRequired`), invalid or expired tokens.
 */
const ACCESS_ERROR_NAMES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AllAccessDisabled',
  'AuthFailure',
  'Blocked',
  'ExpiredToken',
  'ExpiredTokenException',
  'Forbidden',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'OptInRequired',
  'SignatureDoesNotMatch',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $retryable?: { readonly throttling?: unknown };
}

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/** The error's name (SDK v3 sets it to the AWS error code), `'Error'` when there is none. */
function errorName(error: unknown): string {
  const { name } = shapeOf(error);
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  const { message } = shapeOf(error);
  return typeof message === 'string' ? message : String(error);
}

/** `Name: message`, or just the name when the message adds nothing. */
function describeError(error: unknown): string {
  const name = errorName(error);
  const message = errorMessage(error);
  return message === '' || message === name ? name : `${name}: ${message}`;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = shapeOf(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function isThrottlingError(error: unknown): boolean {
  const shape = shapeOf(error);
  return (
    THROTTLING_ERROR_NAMES.has(errorName(error)) || httpStatusOf(error) === 429 || shape.$retryable?.throttling === true
  );
}

/** Throttling, 5xx, timeouts and network failures: worth retrying, never the account's answer. */
function isRetryableError(error: unknown): boolean {
  if (isThrottlingError(error)) return true;
  const shape = shapeOf(error);
  const status = httpStatusOf(error);
  return (
    TRANSIENT_ERROR_NAMES.has(errorName(error)) ||
    (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) ||
    shape.$fault === 'server' ||
    (status !== undefined && status >= 500)
  );
}

function isAccessError(error: unknown): boolean {
  return ACCESS_ERROR_NAMES.has(errorName(error));
}

export { describeError, errorMessage, errorName, httpStatusOf, isAccessError, isRetryableError, isThrottlingError };
