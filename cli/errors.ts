/** A problem with how the CLI was called or with a file it was given: one line on stderr, exit code 2. */
class CliError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export { CliError };
