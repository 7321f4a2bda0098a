/**
 * `Record remediation`: writes one remediation record (DESIGN §4.4) to the `Ledger` table — what
 * was found, what was decided, the exact API calls and their outcome, before/after, and where the
 * fix belongs in the owner's IaC — keyed by finding (stable per rule and resource) and time.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Finding, RemediationResult } from '../shared/model';
import { AccountTargetSchema, FindingSchema, parseInput, SweepSchema } from '../shared/schemas';

interface RecordRemediationDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly ledgerTable: string;
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
  return async (event: unknown): Promise<{ status: 'WRITTEN'; findingId: string; at: string }> => {
    const input = parseInput(RecordRemediationInputSchema, event, 'Record remediation input');
    const finding = input.finding as unknown as Finding;
    const remediation = input.remediation as unknown as RemediationResult & { at: string };
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.ledgerTable,
        Item: ledgerItem(finding, remediation, input.target.owner, input.sweep),
        // The same record written twice (a retried state) is not a second record.
        ConditionExpression: 'attribute_not_exists(findingId) OR executionName = :e',
        ExpressionAttributeValues: { ':e': input.sweep.executionName },
      }),
    );
    return { status: 'WRITTEN', findingId: finding.findingId, at: remediation.at };
  };
}

function ledgerItem(
  finding: Finding,
  remediation: RemediationResult & { at: string },
  accountOwner: string | undefined,
  sweep: { executionName: string; executionArn: string },
): Record<string, unknown> {
  return {
    findingId: finding.findingId,
    at: remediation.at,
    ruleId: finding.ruleId,
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
    decision: finding.decision,
    decisionReason: finding.decisionReason,
    exemptionId: finding.exemptionId,
    outcome: remediation.outcome,
    apiCalls: remediation.apiCalls,
    before: remediation.before,
    after: remediation.after,
    error: remediation.error,
    owner: accountOwner,
    iac: remediation.iac ?? finding.iac,
    executionName: sweep.executionName,
    executionArn: sweep.executionArn,
  };
}

export type { RecordRemediationDeps };
export { createRecordRemediation, ledgerItem };
