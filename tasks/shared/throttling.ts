/** AWS error names that mean "slow down": left to propagate so Step Functions `Retry` backs off. */
const THROTTLING_ERRORS = [
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
] as const;

function isThrottling(error: unknown): boolean {
  return error instanceof Error && (THROTTLING_ERRORS as readonly string[]).includes(error.name);
}

export { isThrottling, THROTTLING_ERRORS };
