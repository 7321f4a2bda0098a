/**
 * `Send to Security Hub` against aws-sdk-client-mock: batches of at most 100, fixed findings
 * resolved, exemptions suppressed with a Note, throttled batches retried with back-off, and what
 * Security Hub refuses reported (the task fails loudly, after the other account-regions).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { createImportFindings } from '../../../tasks/import-findings/import-findings';
import { toAsff } from '../../../tasks/shared/formats/asff';
import { AsffFindingSchema } from '../../../tasks/shared/formats/asff-schema';
import { fromReportFinding } from '../../../tasks/shared/formats/finding';
import type { Report, ReportFinding } from '../../../tasks/shared/report';
import { context } from '../../support/formats';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const ddbMock = mockClient(ddb);
const hubMock = mockClient(SecurityHubClient);
const STARTED = '2026-11-22T06:00:00.000Z';
const NOW = new Date('2026-11-22T06:30:00.000Z');
const EXEMPTION = {
  exemptionId: 'ex-legacy',
  reason: 'Read-only archive, deleted in 2030',
  expiresAt: '2030-12-31T00:00:00Z',
};

function finding(i: number, overrides: Partial<ReportFinding> = {}): ReportFinding {
  return {
    findingId: `f${String(i).padStart(23, '0')}`,
    ruleId: 's3-bucket-encryption',
    severity: 'HIGH',
    accountId: '111111111111',
    region: 'eu-west-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: `bucket-${i}`,
    arn: `arn:aws:s3:::bucket-${i}`,
    status: 'NON_COMPLIANT',
    decision: 'NOTIFY',
    decisionReason: 'mode is notify',
    message: `Bucket bucket-${i} has no default encryption configuration`,
    notified: 'SENT',
    ...overrides,
  };
}

function report(findings: ReportFinding[]): Report {
  return {
    execution: { name: 'sweep-2026-11-22T06-00Z', startedAt: STARTED },
    sweepId: 'sweep-1',
    mode: 'notify',
    dryRun: false,
    resourcesEvaluated: findings.length,
    counts: { 's3-bucket-encryption': { COMPLIANT: 0, NON_COMPLIANT: findings.length, NOT_APPLICABLE: 0, ERROR: 0 } },
    accounts: [{ accountId: '111111111111', alias: 'payments-prod', status: 'OK' }],
    findings,
    notifications: [],
    exemptionProblems: [],
    drift: [],
    exemptions: { active: 1, expired: 0, expiringSoon: [], stale: [], policy: [], reminders: [] },
    ledgerFailures: [],
    blastRadius: { heldBack: [] },
  };
}

/** What Security Hub holds for a finding Warden imported before (as failing). */
function held(f: ReportFinding, workflow: string, updatedAt = '2026-11-21T06:10:00.000Z'): AwsSecurityFinding {
  const asff = toAsff(fromReportFinding(f, '2026-11-21T06:00:00.000Z'), context({ generatedAt: updatedAt }));
  return { ...asff, Workflow: { Status: workflow as never } };
}

async function run(findings: ReportFinding[], options: { sleeps?: number[] } = {}) {
  const store = new MemoryObjectStore();
  await store.putJson('reports/sweep-1/report.json', report(findings));
  const sleeps = options.sleeps ?? [];
  const importFindings = createImportFindings({
    store,
    ddb,
    exemptionsTable: 'Exemptions',
    hubFor: async (_account, region) => new SecurityHubClient({ region }),
    rules: context().rules,
    productVersion: '0.1.0',
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return importFindings({ reportRef: 'reports/sweep-1/report.json' });
}

function imported(): AwsSecurityFinding[] {
  return hubMock.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
}

beforeEach(() => {
  ddbMock.reset();
  hubMock.reset();
  ddbMock.on(ScanCommand).resolves({ Items: [EXEMPTION] });
  hubMock.on(GetFindingsCommand).resolves({ Findings: [] });
  hubMock.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({
    SuccessCount: input.Findings.length,
    FailedCount: 0,
    FailedFindings: [],
  }));
  hubMock.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers: unknown[] }) => ({
    ProcessedFindings: input.FindingIdentifiers,
    UnprocessedFindings: [],
  }));
});

describe('Send to Security Hub', () => {
  it('imports 250 new findings in 3 calls of at most 100, with the default product of their account', async () => {
    const output = await run(Array.from({ length: 250 }, (_, i) => finding(i)));
    const calls = hubMock.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((c) => c.args[0].input.Findings?.length)).toEqual([100, 100, 50]);
    expect(output).toEqual({ imported: 250, unchanged: 0, resolved: 0, workflowUpdated: 0, failed: [] });
    expect(new Set(imported().map((f) => f.ProductArn))).toEqual(
      new Set(['arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default']),
    );
    expect(hubMock.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters).toMatchObject({
      GeneratorId: [{ Value: 'warden/', Comparison: 'PREFIX' }],
      ComplianceStatus: [
        { Value: 'FAILED', Comparison: 'EQUALS' },
        { Value: 'NOT_AVAILABLE', Comparison: 'EQUALS' },
      ],
    });
  });

  it('resolves a finding that failed in the previous import and is fixed now: Compliance PASSED, Workflow RESOLVED', async () => {
    const stillFailing = finding(1);
    const fixed = finding(2);
    // As GetFindings returns it: with what Security Hub fills in itself.
    const asHeld = (f: ReportFinding) => ({
      ...held(f, 'NEW'),
      Region: 'eu-west-1',
      ProcessedAt: '2026-11-21T06:11:00.000Z',
      ProductFields: { ...held(f, 'NEW').ProductFields, 'aws/securityhub/FindingId': 'arn:aws:securityhub:…' },
    });
    hubMock.on(GetFindingsCommand).resolves({ Findings: [asHeld(stillFailing), asHeld(fixed)] });
    const output = await run([stillFailing]);
    const resolved = imported().find((f) => f.Id === held(fixed, 'NEW').Id);
    expect(resolved).toMatchObject({ Compliance: { Status: 'PASSED' }, UpdatedAt: NOW.toISOString() });
    expect(AsffFindingSchema.strict().safeParse(resolved).error?.issues).toBeUndefined();
    expect(Object.keys(resolved?.ProductFields ?? {}).some((k) => k.startsWith('aws/'))).toBe(false);
    const updates = hubMock.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input);
    expect(updates).toEqual([
      {
        FindingIdentifiers: [{ Id: held(fixed, 'NEW').Id, ProductArn: held(fixed, 'NEW').ProductArn }],
        Workflow: { Status: 'RESOLVED' },
        Note: { Text: 'Fixed: Warden finds it compliant now', UpdatedBy: 'Warden' },
      },
    ]);
    // The one still failing and unchanged since yesterday is not sent again.
    expect(output).toMatchObject({ imported: 1, unchanged: 1, resolved: 1, workflowUpdated: 1 });
  });

  it('suppresses an exempt finding: SUPPRESSED with a Note on creation, and through BatchUpdateFindings when Security Hub already holds it', async () => {
    const fresh = finding(1, { decision: 'EXEMPT', exemptionId: 'ex-legacy' });
    const known = finding(2, { decision: 'EXEMPT', exemptionId: 'ex-legacy' });
    hubMock.on(GetFindingsCommand).resolves({ Findings: [held(known, 'NEW')] });
    await run([fresh, known]);
    const created = imported().find((f) => f.Id === held(fresh, 'NEW').Id);
    expect(created).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      Note: {
        Text: 'Exempted by ex-legacy (until 2030-12-31T00:00:00Z): Read-only archive, deleted in 2030',
        UpdatedBy: 'Warden',
      },
    });
    expect(hubMock.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input)).toEqual([
      {
        FindingIdentifiers: [{ Id: held(known, 'NEW').Id, ProductArn: held(known, 'NEW').ProductArn }],
        Workflow: { Status: 'SUPPRESSED' },
        Note: {
          Text: 'Exempted by ex-legacy (until 2030-12-31T00:00:00Z): Read-only archive, deleted in 2030',
          UpdatedBy: 'Warden',
        },
      },
    ]);
  });

  it('leaves a customer NOTIFIED workflow alone while the finding still fails', async () => {
    const f = finding(1, { message: 'changed message' });
    hubMock.on(GetFindingsCommand).resolves({ Findings: [held(finding(1), 'NOTIFIED')] });
    await run([f]);
    expect(imported()).toHaveLength(1);
    expect(hubMock.commandCalls(BatchUpdateFindingsCommand)).toHaveLength(0);
  });

  it('retries a throttled batch with back-off, then sends it', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    hubMock
      .on(BatchImportFindingsCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .callsFake((input: { Findings: unknown[] }) => ({
        SuccessCount: input.Findings.length,
        FailedCount: 0,
        FailedFindings: [],
      }));
    const sleeps: number[] = [];
    const output = await run([finding(1), finding(2)], { sleeps });
    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
    expect(output.imported).toBe(2);
  });

  it('reports FailedFindings and fails loudly after sending the rest', async () => {
    hubMock.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({
      SuccessCount: input.Findings.length - 1,
      FailedCount: 1,
      FailedFindings: [{ Id: input.Findings[0]?.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding is too large' }],
    }));
    const findings = Array.from({ length: 150 }, (_, i) => finding(i));
    await expect(run(findings)).rejects.toMatchObject({
      name: 'SecurityHubImportError',
      message: expect.stringContaining('2 finding(s) or account-region(s) could not be sent to Security Hub'),
    });
    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
  });

  it('an account-region Security Hub refuses is reported, and the others are still sent', async () => {
    const denied = Object.assign(new Error('not subscribed to AWS Security Hub'), {
      name: 'InvalidAccessException',
      $metadata: { httpStatusCode: 401 },
    });
    hubMock
      .on(GetFindingsCommand, {
        Filters: {
          ProductArn: [
            { Value: 'arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default', Comparison: 'EQUALS' },
          ],
        },
      })
      .rejects(denied);
    const error = await run([finding(1), finding(2, { region: 'us-east-1' })]).catch((e: Error) => e);
    expect(error).toMatchObject({
      name: 'SecurityHubImportError',
      message: expect.stringContaining('111111111111 us-east-1'),
    });
    expect(imported().map((f) => f.Region ?? f.Resources?.[0]?.Region)).toEqual(['eu-west-1']);
  });
});
