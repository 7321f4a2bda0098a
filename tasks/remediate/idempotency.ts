/**
 * `Remediate`, applied at most once per remediation (Powertools idempotency). A remediation is one
 * finding's plan in one execution: the key is the execution name, the finding id and the planned
 * calls. A retry of that state — Lambda's, or Step Functions' after a timeout or a crash between
 * applying and answering — gets the stored result instead of sending the calls again, so `Record
 * remediation` writes the same ledger item (same `at`) and the ledger keeps exactly one record.
 * The next sweep is another execution, so a resource that drifted back is remediated again (and
 * the loop breaker counts it).
 *
 * What is not stored: an error thrown by the task (throttling before anything was sent, which the
 * state's Retry backs off); Powertools then deletes the in-progress record so the retry can apply.
 * Once a write was accepted nothing is thrown any more: a read-back that fails (throttled or not)
 * is the outcome SENT_UNVERIFIED, stored like any other, so a retry never sends the calls again.
 * And every apply re-reads the live state first, so even a send repeated by another execution
 * finds the change made and sends nothing (SKIPPED_ALREADY_COMPLIANT).
 * test/workflow/crash-window.test.ts covers the rest.
 */

import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What identifies one remediation in the task's input. */
const REMEDIATION_KEY = '[sweep.executionName, finding.findingId, finding.plan]';
/** Longer than any execution's retries; the table's TTL (`expiration`) removes the records after. */
const KEEP_RESULTS_SECONDS = 7 * 86_400;

interface IdempotentRemediate<O> {
  readonly run: (event: unknown) => Promise<O>;
  /** Give it the Lambda context on each invocation: an in-progress record then expires with the invocation. */
  readonly config: IdempotencyConfig;
}

function idempotentRemediate<O>(
  remediate: (event: unknown) => Promise<O>,
  store: { readonly client: DynamoDBClient; readonly tableName: string },
): IdempotentRemediate<O> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: REMEDIATION_KEY,
    // An input without the key is a wiring bug: fail rather than remediate without protection.
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: KEEP_RESULTS_SECONDS,
  });
  const run = makeIdempotent(remediate, {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: store.tableName, awsSdkV3Client: store.client }),
    config,
  });
  return { run, config };
}

export { idempotentRemediate, REMEDIATION_KEY };
