import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecordRemediation, REMEDIATION_APPLIED } from '../../../tasks/record-remediation/record-remediation';
import { bucketFinding, SWEEP, TARGET } from '../../support/sweep-fixtures';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);

const remediation = (outcome: string) => ({
  outcome,
  at: '2026-11-22T06:05:00.000Z',
  apiCalls: bucketFinding('logs').plan,
  before: { algorithms: [] },
  after:
    outcome === 'SUCCEEDED'
      ? { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }
      : undefined,
  iac: {
    tool: 'cloudformation',
    stack: 'app',
    logicalId: 'Logs',
    propertyPath: 'BucketEncryption…',
    suggestedChange: 'AES256',
  },
});

const input = (outcome: string) => ({
  finding: { ...bucketFinding('logs'), decision: 'REMEDIATE', decisionReason: 'mode is remediate' },
  target: TARGET,
  sweep: SWEEP,
  remediation: remediation(outcome),
});

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(PutCommand).resolves({});
});

describe('Record remediation', () => {
  it('writes the DESIGN 4.4 record, idempotently, and announces an applied remediation', async () => {
    const events: [string, Record<string, unknown>][] = [];
    const out = await createRecordRemediation({
      ddb,
      ledgerTable: 'Ledger',
      publishEvent: async (t, d) => {
        events.push([t, d]);
      },
    })(input('SUCCEEDED'));
    const put = ddbMock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toBe('attribute_not_exists(findingId) OR executionName = :e');
    expect(put?.Item).toMatchObject({
      findingId: 'f-logs',
      at: '2026-11-22T06:05:00.000Z',
      ruleId: 's3-bucket-encryption',
      resource: {
        type: 'AWS::S3::Bucket',
        id: 'logs',
        arn: 'arn:aws:s3:::logs',
        account: TARGET.accountId,
        region: 'us-east-1',
      },
      decision: 'REMEDIATE',
      outcome: 'SUCCEEDED',
      apiCalls: bucketFinding('logs').plan,
      before: { algorithms: [] },
      after: expect.any(Object),
      owner: 'app',
      iac: expect.objectContaining({ stack: 'app', logicalId: 'Logs' }),
      executionArn: SWEEP.executionArn,
    });
    expect(events).toEqual([[REMEDIATION_APPLIED, put?.Item]]);
    expect(out).toMatchObject({ status: 'WRITTEN', event: 'PUBLISHED' });
  });

  it('announces nothing for a planned or failed remediation', async () => {
    const events: unknown[] = [];
    const record = createRecordRemediation({
      ddb,
      ledgerTable: 'Ledger',
      publishEvent: async (t) => void events.push(t),
    });
    await record(input('PLANNED'));
    await record(input('FAILED'));
    expect(events).toEqual([]);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('announces a sent but unverified change (it changed the resource), never a skipped one (issue 14 item 9)', async () => {
    const events: unknown[] = [];
    const record = createRecordRemediation({
      ddb,
      ledgerTable: 'Ledger',
      publishEvent: async (t) => void events.push(t),
    });
    const unverified = await record(input('SENT_UNVERIFIED'));
    await record(input('SKIPPED_ALREADY_COMPLIANT'));
    expect(unverified.event).toBe('PUBLISHED');
    expect(events).toEqual([REMEDIATION_APPLIED]);
  });

  it('keeps the record when the event cannot be sent, and says so', async () => {
    const out = await createRecordRemediation({
      ddb,
      ledgerTable: 'Ledger',
      publishEvent: async () => {
        throw Object.assign(new Error('bus does not exist'), { name: 'ResourceNotFoundException' });
      },
    })(input('SUCCEEDED'));
    expect(out).toMatchObject({ status: 'WRITTEN', event: 'FAILED: ResourceNotFoundException: bus does not exist' });
  });
});
