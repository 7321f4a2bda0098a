/**
 * Remediate at most once per remediation, with the real Powertools DynamoDB persistence layer on
 * the embedded DynamoDB (issue 6 item 5, issue 10 item 3): a retried state gets the stored result
 * and sends nothing; another execution remediates again; a throttled attempt is not stored, so
 * its retry applies.
 */

import { EC2Client } from '@aws-sdk/client-ec2';
import { PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { idempotentRemediate } from '../../../tasks/remediate/idempotency';
import { createRemediate } from '../../../tasks/remediate/remediate';
import { otherClients } from '../../support/other-clients';
import { fakeS3Buckets, type S3Fake } from '../../support/s3-fake';
import { bucketFinding, SWEEP, TARGET } from '../../support/sweep-fixtures';

const s3 = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(s3);
const clients = { s3, ec2: new EC2Client({ region: 'us-east-1' }), of: otherClients };

let dynamodb: EmbeddedDynamoDb;
let clock = new Date('2026-11-22T06:05:00Z');

beforeAll(async () => {
  dynamodb = await startEmbeddedDynamoDb([
    {
      tableName: 'Idempotency',
      keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      globalSecondaryIndexes: [],
    },
  ]);
});
afterAll(() => dynamodb.close());
/** Remediate reads each bucket before and after it writes: S3 keeps what it is told. */
let buckets: S3Fake;
beforeEach(() => {
  s3Mock.reset();
  buckets = fakeS3Buckets(s3Mock);
});

function remediateOnce() {
  return idempotentRemediate(createRemediate({ clientsFor: async () => clients, now: () => clock }), {
    client: dynamodb.client,
    tableName: 'Idempotency',
  }).run;
}

function item(bucket: string, sweep = SWEEP) {
  return { finding: { ...bucketFinding(bucket), decision: 'REMEDIATE' }, target: TARGET, sweep };
}

describe('Remediate is idempotent per execution, finding and plan', () => {
  it('a retry of the same state returns the first result and sends nothing again', async () => {
    const run = remediateOnce();
    const first = await run(item('retried'));
    clock = new Date('2026-11-22T06:09:00Z');
    const retry = await run(item('retried'));
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(1);
    expect(first.remediation.outcome).toBe('SUCCEEDED');
    // Same `at`: Record remediation overwrites the same ledger item, so the ledger has one record.
    expect(retry).toEqual(first);
  });

  it('a fresh container (a Lambda retry elsewhere) also finds the stored result', async () => {
    await remediateOnce()(item('other-container'));
    await remediateOnce()(item('other-container'));
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(1);
  });

  it('the next execution remediates again (the resource drifted back)', async () => {
    const run = remediateOnce();
    await run(item('drifted'));
    buckets.encryption.delete('drifted');
    await run(item('drifted', { ...SWEEP, executionName: 'sweep-2026-11-23T06-00-00Z' }));
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(2);
  });

  it('a throttled attempt is not stored: the retry applies', async () => {
    const put = s3Mock.on(PutBucketEncryptionCommand);
    put
      .rejectsOnce(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' }))
      .callsFake(buckets.putEncryption);
    const run = remediateOnce();
    await expect(run(item('throttled'))).rejects.toMatchObject({ name: 'SlowDown' });
    const retry = await run(item('throttled'));
    expect(retry.remediation.outcome).toBe('SUCCEEDED');
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(2);
  });

  it('an input without the key is refused rather than remediated unprotected', async () => {
    await expect(remediateOnce()({ target: TARGET })).rejects.toMatchObject({ cause: { name: 'IdempotencyKeyError' } });
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(0);
  });
});
