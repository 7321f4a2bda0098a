/** Errors the CLI reports as one line on stderr (exit code 2), each saying what to do about it. */

/** A problem with how the CLI was called or with a file it was given. */
class CliError extends Error {
  /** The command whose `--help` shows the right usage, for errors in how it was called. */
  public readonly usage?: string;

  public constructor(message: string, options?: { usage?: string }) {
    super(message);
    this.name = 'CliError';
    if (options?.usage !== undefined) this.usage = options.usage;
  }
}

/** What to do about errors that come from AWS or the machine rather than from Warden. */
function hintFor(error: Error): string | undefined {
  const name = error.name;
  const message = error.message;
  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to locate credentials/i.test(message))
    return 'no AWS credentials: pass --profile NAME, set AWS_PROFILE, or run "aws sso login"';
  if (/ExpiredToken|TokenRefreshRequired|RequestExpired/.test(name))
    return 'your AWS session has expired: refresh it (e.g. "aws sso login") and try again';
  if (/Region is missing/i.test(message))
    return 'no AWS region: pass --region, or set AWS_REGION or the profile’s region';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(name))
    return 'your credentials are not allowed to do this: use a profile with the permissions, or ask for them';
  if (name === 'StackNotFoundException' || (name === 'ValidationError' && /does not exist/.test(message)))
    return 'no such stack in this account and region: pass --stack NAME (and --region)';
  if (name === 'ExecutionDoesNotExist' || name === 'StateMachineDoesNotExist')
    return 'check the ARN, and that --profile/--region point at the account and region it is in';
  return undefined;
}

/** The one line for an error: the message, and for errors from elsewhere what to do and how to see more. */
function errorLine(error: unknown, debug: boolean): string {
  if (error instanceof CliError) {
    const first = error.message.split('\n')[0] ?? '';
    return error.usage === undefined ? first : `${first} (see "warden ${error.usage} --help")`;
  }
  if (error instanceof Error) {
    // The message, not the class name (`InvalidInputError: …` says nothing to an operator); an AWS
    // service error keeps its code, which is what its documentation and forums are searched by.
    const message = error.message.split('\n')[0] || error.name;
    const first = '$metadata' in error && error.name !== 'Error' ? `${message} (AWS ${error.name})` : message;
    const hint = hintFor(error);
    return `${first}${hint === undefined ? '' : ` — ${hint}`}${debug ? '' : hint === undefined ? ' (--debug for details)' : ''}`;
  }
  return String(error);
}

export { CliError, errorLine, hintFor };
