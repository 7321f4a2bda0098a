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

/** Writes records 25 at a time (BatchWriteItem's limit), retrying what DynamoDB leaves unprocessed. */
async function writeLedgerRecords(
  ddb: DynamoDBDocumentClient,
  table: string,
  records: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < records.length; i += 25) {
    let requests = records.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error(`the ledger left ${requests.length} records unprocessed after retries`);
      const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
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

export type { LedgerContext };
export {
  EXEMPTION_CHANGES,
  LEDGER_BY_EXECUTION,
  ledgerRecord,
  recordsOfExecution,
  successfulRemediationsSince,
  writeLedgerRecords,
};
