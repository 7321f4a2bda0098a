/**
 * Named errors. Step Functions `Retry`/`Catch` match on `name`, so every class sets it explicitly
 * (minifiers rename classes; the name must survive bundling).
 */
import { untrusted } from './untrusted-text';

/** The audit role in a member account could not be assumed, or the account refused every read. */
class AccountUnreachableError extends Error {
  public constructor(
    public readonly accountId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AccountUnreachableError';
  }
}

/** A rule needs a property the collector could not read (e.g. S3 answered AccessDenied). */
class UnknownPropertyError extends Error {
  public constructor(
    public readonly property: string,
    public readonly reason: string,
  ) {
    super(`${property} could not be read (${reason})`);
    this.name = 'UnknownPropertyError';
  }
}

/**
 * Remediation records that could not be written to the Ledger table even after retries. Summarize
 * throws it after the report (which lists them) and the S3 copy of the records are written, so the
 * execution fails loudly and the records are kept.
 */
class LedgerIncompleteError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'LedgerIncompleteError';
  }
}

/** Input that does not have the documented shape; never retried. */
class InvalidInputError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidInputError';
  }
}

/** A planned API call that Warden does not know how to send (not in the executor's allow-list). */
class UnsupportedApiCallError extends Error {
  public constructor(service: string, operation: string) {
    super(`Warden has no executor for ${service}:${operation}`);
    this.name = 'UnsupportedApiCallError';
  }
}

/**
 * An AWS call failed in a way that is worth trying again (throttling, a timeout, a network error, a
 * 5xx), after the SDK's own retries. Tasks never classify by hand at the throw site: the Lambda
 * wrapper (tasks/shared/runtime.ts) and the local bindings convert such errors into this one error,
 * which is the name the Lambda runtime reports as `errorType` and the one name the state machines'
 * `Retry` matches. `awsErrorName` and `cause` keep what AWS answered.
 */
class RetryableAwsError extends Error {
  public readonly awsErrorName: string;

  public constructor(cause: unknown) {
    const name = cause instanceof Error || (typeof cause === 'object' && cause !== null) ? nameOf(cause) : 'Error';
    const code = typeof (cause as { code?: unknown })?.code === 'string' ? (cause as { code: string }).code : undefined;
    const message = cause instanceof Error ? cause.message : String(cause);
    const label = code !== undefined && code !== name ? `${name} (${code})` : name;
    super(message === '' ? label : `${label}: ${message}`, { cause });
    this.name = 'RetryableAwsError';
    this.awsErrorName = name;
  }
}

function nameOf(error: object): string {
  const { name } = error as { name?: unknown };
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

/** `Name: message` for any thrown value, for reports and logs. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Longest error message a task lets reach Step Functions, in code points (the full one is logged). */
const ESCAPED_MESSAGE_MAX = 1024;

/**
 * The error a task lets escape to Step Functions, safe to show. Its message often quotes AWS text
 * (an AccessDenied naming a role, a resource name, a registry value), and Step Functions puts it in
 * the state's `Cause`, which `States.Format` notices (`Account unreachable`, `Account failed`)
 * insert as it is. Lambda's runtime sends `{errorType: name, errorMessage: message, trace: stack
 * lines}` as JSON, which escapes C0 controls but leaves U+2028, U+2029, NEL and the bidirectional
 * overrides as they are, so those would end or reorder a line of the notice. So: the message made
 * `untrusted` (every control and line separator a visible escape, capped), the stack rebuilt with
 * that message and its frames; the `name` kept (Retry/Catch match on it) — escaped only if it
 * holds such characters itself — and the original error as `cause`, for the logs. An error that is
 * already safe is returned as it is.
 */
function escapedError(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const name = untrusted(original.name);
  const message = untrusted(original.message, ESCAPED_MESSAGE_MAX);
  const stack = original.stack ?? '';
  const safeStack = stack.split('\n').every((line) => untrusted(line, Number.POSITIVE_INFINITY) === line);
  if (error === original && name === original.name && message === original.message && safeStack) return original;
  const escaped = new Error(message, { cause: error });
  escaped.name = name;
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => untrusted(line, Number.POSITIVE_INFINITY));
  escaped.stack = [`${name}: ${message}`, ...frames].join('\n');
  return escaped;
}

export {
  AccountUnreachableError,
  describeError,
  ESCAPED_MESSAGE_MAX,
  escapedError,
  InvalidInputError,
  LedgerIncompleteError,
  RetryableAwsError,
  UnknownPropertyError,
  UnsupportedApiCallError,
};
