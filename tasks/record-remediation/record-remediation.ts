/**
 * `Record remediation`: writes one remediation record (DESIGN §4.4) to the `Ledger` table — what
 * was found, what was decided, the exact API calls and their outcome, before/after, and where the
 * fix belongs in the owner's IaC — and, for an applied remediation, emits a
 * `Warden Remediation Applied` event so owning teams can route the drift receipt to their tracker.
 *
 * It stays on PutItem, not BatchWriteItem (`writeLedgerRecords`, which writes the sweep's NOTIFY
 * and EXEMPT records 25 at a time): it writes one record per invocation, and its condition keeps
 * another execution's record under the same key from being overwritten — BatchWriteItem has no
 * conditions.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { describeError } from '../shared/errors';
import { ledgerRecord } from '../shared/ledger';
import { type Finding, type RemediationResult, SENT_OUTCOMES } from '../shared/model';
import { AccountTargetSchema, FindingSchema, parseInput, SweepSchema } from '../shared/schemas';
import { isThrottlingError } from '../shared/throttling';

const REMEDIATION_APPLIED = 'Warden Remediation Applied';

interface RecordRemediationDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly ledgerTable: string;
  /** Emits an event (EventBridge `PutEvents` in AWS, an outbox locally). */
  readonly publishEvent: (detailType: string, detail: Record<string, unknown>) => Promise<void>;
}

interface RecordRemediationOutput {
  readonly status: 'WRITTEN';
  readonly findingId: string;
  readonly at: string;
  /** For applied remediations: whether the `Warden Remediation Applied` event went out. */
  readonly event?: string;
}

const RecordRemediationInputSchema = z
  .object({
    finding: FindingSchema,
    target: AccountTargetSchema,
    sweep: SweepSchema,
    remediation: z.object({ outcome: z.string(), at: z.string().min(1) }).passthrough(),
  })
  .passthrough();

function createRecordRemediation(deps: RecordRemediationDeps) {
  return async (event: unknown): Promise<RecordRemediationOutput> => {
    const input = parseInput(RecordRemediationInputSchema, event, 'Record remediation input');
    const finding = input.finding as unknown as Finding;
    const remediation = input.remediation as unknown as RemediationResult & { at: string };
    const record = ledgerRecord(
      finding,
      remediation.at,
      {
        ...(input.target.owner !== undefined ? { accountOwner: input.target.owner } : {}),
        executionName: input.sweep.executionName,
        executionArn: input.sweep.executionArn,
      },
      remediation,
    );
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.ledgerTable,
        Item: record,
        // The same record written twice (a retried state) is not a second record.
        ConditionExpression: 'attribute_not_exists(findingId) OR executionName = :e',
        ExpressionAttributeValues: { ':e': input.sweep.executionName },
      }),
    );
    const written = { status: 'WRITTEN', findingId: finding.findingId, at: remediation.at } as const;
    // A change AWS accepted is drift, verified or not (SENT_OUTCOMES); a skipped or failed one is not.
    if (!SENT_OUTCOMES.includes(remediation.outcome)) return written;
    try {
      await deps.publishEvent(REMEDIATION_APPLIED, record);
      return { ...written, event: 'PUBLISHED' };
    } catch (error) {
      // The record is in the ledger; a retry would only repeat the write. Keep why the event is missing.
      if (isThrottlingError(error)) throw error;
      return { ...written, event: `FAILED: ${describeError(error)}` };
    }
  };
}

export type { RecordRemediationDeps, RecordRemediationOutput };
export { createRecordRemediation, REMEDIATION_APPLIED };
