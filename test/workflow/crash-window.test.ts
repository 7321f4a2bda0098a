/**
 * Crash windows (issue 10 item 3) through the synthesized SweepStateMachine, with remediations really
 * sent (to mocked S3 and EC2) and the deployed Remediate's Powertools idempotency on an embedded
 * DynamoDB: every Remediate and every Record remediation does its work and then loses its answer
 * (`Lambda.ServiceException`, which the states retry). The retried Remediate gets its stored result
 * instead of sending again, the retried ledger write is the same item, so every change is sent once
 * and the ledger ends with exactly one record per remediation.
 */
import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../local/embedded-dynamodb';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { idempotentRemediate } from '../../tasks/remediate/idempotency';
import { createRemediate } from '../../tasks/remediate/remediate';
import type { Report } from '../../tasks/shared/report';
import { otherClients } from '../support/other-clients';
import { fakeS3Buckets, s3Error } from '../support/s3-fake';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

const s3 = new S3Client({ region: 'us-east-1' });
const ec2 = new EC2Client({ region: 'us-east-1' });
const s3control = new S3ControlClient({ region: 'us-east-1' });
const s3Mock = mockClient(s3);
const ec2Mock = mockClient(ec2);
const s3controlMock = mockClient(s3control);
/** KMS keys (any instance: Remediate builds its KMS client with `of`): customer managed, rotation off until enabled. */
const kmsMock = mockClient(KMSClient);

/** The calls that change something (not Get/Describe/List/Head), by operation. */
function writesSent(): string[] {
  return [...s3Mock.calls(), ...ec2Mock.calls(), ...kmsMock.calls()]
    .map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ''))
    .filter((name) => !/^(Get|Describe|List|Head)/.test(name));
}

const answerLost = () => Object.assign(new Error('Service unavailable'), { name: 'Lambda.ServiceException' });

let idempotency: EmbeddedDynamoDb;
let run: LocalSweepResult;
const attempts: Record<string, number> = {};

beforeAll(async () => {
  // A member account that keeps what it is told: Remediate re-reads it before and after each write
  // (issue 14 item 3), so the fake must answer as AWS would, starting from the estate's state.
  const items = await estateItems();
  const tags = new Map(
    items.filter((ci) => ci.resourceType === 'AWS::EC2::Instance').map((ci) => [ci.resourceId, { ...ci.tags }]),
  );
  s3Mock.onAnyCommand().resolves({});
  fakeS3Buckets(s3Mock);
  s3controlMock.on(GetAccountPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
  ec2Mock.onAnyCommand().resolves({});
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2Mock.on(DescribeInstancesCommand).callsFake((i) => {
    const id = String(i.InstanceIds?.[0]);
    const Tags: Tag[] = Object.entries(tags.get(id) ?? {}).map(([Key, Value]) => ({ Key, Value }));
    return { Reservations: [{ Instances: [{ InstanceId: id, State: { Name: 'running' }, Tags }] }] };
  });
  ec2Mock.on(CreateTagsCommand).callsFake((i) => {
    for (const t of i.Tags ?? []) tags.get(String(i.Resources?.[0]))![String(t.Key)] = String(t.Value);
    return {};
  });
  const rotating = new Set<string>();
  kmsMock.on(DescribeKeyCommand).callsFake((i) => ({
    KeyMetadata: {
      KeyId: i.KeyId,
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Origin: 'AWS_KMS',
      KeyState: 'Enabled',
      Enabled: true,
    },
  }));
  kmsMock.on(GetKeyRotationStatusCommand).callsFake((i) => ({ KeyRotationEnabled: rotating.has(String(i.KeyId)) }));
  kmsMock.on(EnableKeyRotationCommand).callsFake((i) => {
    rotating.add(String(i.KeyId));
    return {};
  });
  idempotency = await startEmbeddedDynamoDb([
    {
      tableName: 'Idempotency',
      keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      globalSecondaryIndexes: [],
    },
  ]);
  const remediate = idempotentRemediate(
    createRemediate({ clientsFor: async () => ({ s3, ec2, s3control, of: otherClients }), now: NOW }),
    {
      client: idempotency.client,
      tableName: 'Idempotency',
    },
  ).run;
  const seen = new Set<string>();
  run = await runLocalSweep({
    items,
    accounts,
    exemptions,
    request: { dryRun: false },
    now: NOW,
    wrapTask: (task, handler) => {
      if (task !== 'remediate' && task !== 'record-remediation') return handler;
      const work = task === 'remediate' ? remediate : handler;
      return async (input) => {
        attempts[task] = (attempts[task] ?? 0) + 1;
        const result = await work(input);
        // The work is done; the first answer of each finding is lost on its way back.
        const key = `${task} ${(input as { finding: { findingId: string } }).finding.findingId}`;
        if (!seen.has(key)) {
          seen.add(key);
          throw answerLost();
        }
        return result;
      };
    },
  });
}, 60_000);

afterAll(() => idempotency.close());

describe('every remediation loses its answer once, after it was sent', () => {
  it('the sweep succeeds, every state retried once per remediation', () => {
    expect(run.execution.status, run.execution.cause).toBe('SUCCEEDED');
    const remediated = (run.report as Report).findings.filter((f) => f.decision === 'REMEDIATE');
    expect(remediated.length).toBeGreaterThan(0);
    expect(attempts).toEqual({ remediate: 2 * remediated.length, 'record-remediation': 2 * remediated.length });
    expect(run.execution.retries).toMatchObject({
      Remediate: remediated.length,
      'Record remediation': remediated.length,
    });
  });

  it('sends each remediation once: the retried Remediate returns the stored result', () => {
    const remediated = (run.report as Report).findings.filter((f) => f.decision === 'REMEDIATE');
    const planned = remediated.reduce((n, f) => n + (f.remediation?.apiCalls.length ?? 0), 0);
    expect(writesSent()).toHaveLength(planned);
    for (const f of remediated) expect(f.remediation?.outcome).toBe('SUCCEEDED');
  });

  it('ends with exactly one ledger record per remediation', () => {
    const remediated = (run.report as Report).findings.filter((f) => f.decision === 'REMEDIATE');
    const records = run.ledger.filter((r) => r.outcome !== undefined).map((r) => String(r.findingId));
    expect(records.sort()).toEqual(remediated.map((f) => f.findingId).sort());
  });
});
