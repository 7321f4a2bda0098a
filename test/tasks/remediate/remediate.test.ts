import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketEncryptionCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRemediate } from '../../../tasks/remediate/remediate';
import { fixedKillSwitch } from '../../../tasks/shared/kill-switch';
import { bucketFinding, SWEEP, TARGET } from '../../support/sweep-fixtures';

const s3 = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(s3);
const clients = { s3, ec2: new EC2Client({ region: 'us-east-1' }) };
const NOW = () => new Date('2026-11-22T06:05:00Z');

function item(finding = bucketFinding('logs'), sweep = SWEEP) {
  return {
    finding: { ...finding, decision: 'REMEDIATE' },
    target: TARGET,
    sweep,
    remediation: { outcome: 'NOT_ATTEMPTED' },
    notification: { subject: 's', message: 'm', attributes: {} },
    notified: { status: 'NOT_SENT' },
    ledger: { status: 'NOT_WRITTEN' },
  };
}

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
});

describe('Remediate', () => {
  it('applies the plan with the member-account clients and reads the result back', async () => {
    s3Mock.on(PutBucketEncryptionCommand).resolves({});
    s3Mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    const asked: string[] = [];
    const remediate = createRemediate({
      clientsFor: async (account, region) => {
        asked.push(`${account}/${region}`);
        return clients;
      },
      now: NOW,
    });
    const out = await remediate(item());
    expect(asked).toEqual(['111111111111/us-east-1']);
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)[0]?.args[0].input).toEqual(
      bucketFinding('logs').plan?.[0]?.input,
    );
    expect(out.remediation).toMatchObject({ outcome: 'SUCCEEDED', at: '2026-11-22T06:05:00.000Z' });
    expect(out.remediation.after).toBeTruthy();
    expect(out.notification.subject).toContain('s3-bucket-encryption');
    // The item passes through: the later states read finding/target/sweep from it.
    expect(out).toMatchObject({ finding: { findingId: 'f-logs' }, target: TARGET, sweep: SWEEP });
  });

  it('plans and sends nothing in a dry run', async () => {
    const remediate = createRemediate({ clientsFor: async () => clients, now: NOW });
    const out = await remediate(item(bucketFinding('logs'), { ...SWEEP, dryRun: true }));
    expect(out.remediation.outcome).toBe('PLANNED');
    expect(out.remediation.apiCalls).toEqual(bucketFinding('logs').plan);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('plans and sends nothing offline (no clients)', async () => {
    const out = await createRemediate({ now: NOW })(item());
    expect(out.remediation.outcome).toBe('PLANNED');
  });

  it('records a failed call as outcome FAILED with the error, without throwing', async () => {
    s3Mock.on(PutBucketEncryptionCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const out = await createRemediate({ clientsFor: async () => clients, now: NOW })(item());
    expect(out.remediation).toMatchObject({ outcome: 'FAILED', error: 'AccessDenied: Access Denied' });
  });

  it('lets throttling propagate so the state Retry backs off', async () => {
    s3Mock.on(PutBucketEncryptionCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    await expect(createRemediate({ clientsFor: async () => clients, now: NOW })(item())).rejects.toMatchObject({
      name: 'SlowDown',
    });
  });

  it('refuses a finding without a plan', async () => {
    const out = await createRemediate({ clientsFor: async () => clients, now: NOW })(
      item(bucketFinding('logs', { plan: [] })),
    );
    expect(out.remediation).toMatchObject({ outcome: 'FAILED', error: expect.stringContaining('no remediation plan') });
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('re-reads the kill switch and sends nothing when it was pulled after the decision', async () => {
    const out = await createRemediate({
      clientsFor: async () => clients,
      killSwitch: fixedKillSwitch('notify'),
      now: NOW,
    })(item());
    expect(out.remediation.outcome).toBe('PLANNED');
    expect(out.finding).toMatchObject({ decision: 'NOTIFY', decisionReason: 'not remediated: kill switch is notify' });
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('breaks the loop: a resource fixed 3 times in 7 days is not fixed again, and the stack is named', async () => {
    ddbMock.on(QueryCommand).resolves({ Count: 3, Items: [] });
    const finding = bucketFinding('logs', {
      iac: {
        tool: 'cloudformation',
        stack: 'payments-core',
        logicalId: 'Logs',
        propertyPath: 'P',
        suggestedChange: 'c',
      },
    });
    const out = await createRemediate({
      clientsFor: async () => clients,
      loopBreaker: { ddb, ledgerTable: 'Ledger' },
      now: NOW,
    })(item(finding));
    const query = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query).toMatchObject({
      TableName: 'Ledger',
      ExpressionAttributeValues: { ':f': 'f-logs', ':since': '2026-11-15T06:05:00.000Z', ':ok': 'SUCCEEDED' },
    });
    expect(out.remediation.outcome).toBe('SKIPPED_LOOP');
    expect(out.finding.decision).toBe('NOTIFY');
    expect(out.finding.decisionReason).toContain('stack payments-core keeps reverting this');
    expect(out.notification.message).toContain('SKIPPED_LOOP');
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('remediates below the loop threshold', async () => {
    ddbMock.on(QueryCommand).resolves({ Count: 2, Items: [] });
    s3Mock.on(PutBucketEncryptionCommand).resolves({});
    s3Mock.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [] } });
    const out = await createRemediate({
      clientsFor: async () => clients,
      loopBreaker: { ddb, ledgerTable: 'Ledger' },
      now: NOW,
    })(item());
    expect(out.remediation.outcome).toBe('SUCCEEDED');
  });
});
