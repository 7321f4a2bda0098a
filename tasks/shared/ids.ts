import { createHash } from 'node:crypto';

/**
 * A finding's id is stable across sweeps for the same rule and resource, so the ledger can show a
 * resource's history and the loop breaker can count repeated remediations.
 */
function findingIdOf(ruleId: string, arn: string): string {
  return createHash('sha256').update(`${ruleId}\n${arn}`).digest('hex').slice(0, 24);
}

export { findingIdOf };
