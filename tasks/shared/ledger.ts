/**
 * Ledger records (DESIGN §4.4): one per decision other than NONE, keyed by finding (stable per rule
 * and resource) and time, so a resource's history reads in order. Remediation records carry the
 * exact API calls, before/after, and where the fix belongs in the owner's IaC.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './dynamo';
import { type Finding, type RemediationResult, SENT_OUTCOMES } from './model';

/** The Ledger's index by sweep: `executionName` + `at`. */
const LEDGER_BY_EXECUTION = 'byExecution';

/** The ledger's `executionName` for exemption changes: one index partition holds the whole trail. */
const EXEMPTION_CHANGES = 'exemption-changes';

interface LedgerContext {
  readonly accountOwner?: string;
  readonly executionName: string;
  readonly executionArn: string;
}

function ledgerRecord(
  finding: Finding,
  at: string,
  ctx: LedgerContext,
  remediation?: RemediationResult,
): Record<string, unknown> {
  const iac = remediation?.iac ?? finding.iac;
  return {
    findingId: finding.findingId,
    at,
    ruleId: finding.ruleId,
    severity: finding.severity,
    accountId: finding.accountId,
    region: finding.region,
    arn: finding.arn,
    resource: {
      type: finding.resourceType,
      id: finding.resourceId,
      arn: finding.arn,
      account: finding.accountId,
      region: finding.region,
    },
    status: finding.status,
    message: finding.message,
    decision: finding.decision,
    decisionReason: finding.decisionReason,
    exemptionId: finding.exemptionId,
    outcome: remediation?.outcome,
    apiCalls: remediation?.apiCalls ?? [],
    before: remediation?.before,
    after: remediation?.after,
    error: remediation?.error,
    // The IaC stack when the resource carries one, else the account's owner.
    owner: iac?.stack ?? ctx.accountOwner,
    iac,
    executionName: ctx.executionName,
    executionArn: ctx.executionArn,
  };
}

/** BatchWriteItem's limit: at most 25 put or delete requests per call. */
const BATCH_SIZE = 25;

/**
 * Ledger records DynamoDB still left unprocessed after every retry (throttling, a partition at its
 * limit). The step fails with it — the ledger is the record of what Warden changed, so nothing is
 * dropped silently — and a retry of the step rewrites the same records (same keys: the same items).
 */
class LedgerWriteError extends Error {
  public constructor(
    public readonly unwritten: number,
    public readonly total: number,
    attempts: number,
  ) {
    super(`${unwritten} of ${total} ledger records were not written: DynamoDB left them unprocessed ${attempts} times`);
    this.name = 'LedgerWriteError';
  }
}

interface LedgerWriteOptions {
  /** Calls per batch, the first included, before the unprocessed records are an error. @default 8 */
  readonly maxAttempts?: number;
  /** The back-off's first ceiling, doubled per retry (full jitter). @default 50 */
  readonly baseDelayMs?: number;
  /** @default 2000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
}

type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

/** A record's key (findingId + at): BatchWriteItem refuses two requests for one key in a call. */
function recordKey(record: Record<string, unknown>): string {
  return JSON.stringify([record.findingId, record.at]);
}

/**
 * Writes records with BatchWriteItem, 25 per call, and retries what DynamoDB leaves unprocessed
 * with exponential back-off and full jitter. No condition is needed for idempotency: a record's key
 * is its finding and time, so writing it again (a retried step) puts the same item. Two records
 * with one key in the input are one item: the last is written.
 * @throws LedgerWriteError naming how many records stayed unwritten after `maxAttempts` calls.
 */
async function writeLedgerRecords(
  ddb: DynamoDBDocumentClient,
  table: string,
  records: readonly Record<string, unknown>[],
  options: LedgerWriteOptions = {},
): Promise<void> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const base = options.baseDelayMs ?? 50;
  const cap = options.maxDelayMs ?? 2000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const unique = [...new Map(records.map((r) => [recordKey(r), r])).values()];
  for (let i = 0; i < unique.length; i += BATCH_SIZE) {
    let requests: PutRequest[] = unique.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; ; attempt++) {
      const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as PutRequest[];
      if (requests.length === 0) break;
      if (attempt >= maxAttempts) {
        throw new LedgerWriteError(
          requests.length + unique.length - Math.min(unique.length, i + BATCH_SIZE),
          unique.length,
          attempt,
        );
      }
      await sleep(random() * Math.min(cap, base * 2 ** attempt));
    }
  }
}

/**
 * How many times this rule-and-resource had its fix sent (AWS accepted the write: SUCCEEDED or
 * SENT_UNVERIFIED, `SENT_OUTCOMES`) since `since`. An unverified send counts: the change went out.
 */
async function successfulRemediationsSince(
  ddb: DynamoDBDocumentClient,
  table: string,
  findingId: string,
  since: string,
): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'findingId = :f AND #at >= :since',
        FilterExpression: `outcome IN (${SENT_OUTCOMES.map((_, i) => `:sent${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: {
          ':f': findingId,
          ':since': since,
          ...Object.fromEntries(SENT_OUTCOMES.map((outcome, i) => [`:sent${i}`, outcome])),
        },
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return count;
}

/** Every record one execution wrote. */
async function recordsOfExecution(
  ddb: DynamoDBDocumentClient,
  table: string,
  executionName: string,
): Promise<Record<string, unknown>[]> {
  return queryAll(ddb, {
    TableName: table,
    IndexName: LEDGER_BY_EXECUTION,
    KeyConditionExpression: 'executionName = :e',
    ExpressionAttributeValues: { ':e': executionName },
  });
}

export type { LedgerContext, LedgerWriteOptions };
export {
  EXEMPTION_CHANGES,
  LEDGER_BY_EXECUTION,
  LedgerWriteError,
  ledgerRecord,
  recordsOfExecution,
  successfulRemediationsSince,
  writeLedgerRecords,
};
