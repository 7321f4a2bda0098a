/**
 * Classifying AWS SDK v3 errors for the live collectors: which ones say "this principal may not read
 * this". Which ones must propagate (so the Step Functions `Retry` on the task handles them) is the
 * one classification every task shares: tasks/shared/throttling.ts.
 */

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
  readonly $metadata?: { readonly httpStatusCode?: unknown };
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

function isAccessError(error: unknown): boolean {
  return ACCESS_ERROR_NAMES.has(errorName(error));
}

export { describeError, errorMessage, errorName, httpStatusOf, isAccessError };
