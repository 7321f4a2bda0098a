/** Reading an event's resources from a Config snapshot (local runs). */
import { describe, expect, it } from 'vitest';
import { snapshotReader } from '../../local/snapshot-reader';
import { AccountUnreachableError } from '../../tasks/shared/errors';
import { ec2InstanceCi, makeCi, s3BucketCi } from '../support/ci-builder';

const A = '111111111111';
const older = s3BucketCi('b1', { accountId: A, region: 'eu-west-1', captureTime: '2026-11-20T06:00:00.000Z' });
const newer = s3BucketCi('b1', {
  accountId: A,
  region: 'eu-west-1',
  captureTime: '2026-11-21T06:00:00.000Z',
  tags: { v: '2' },
});
const pab = makeCi({
  resourceType: 'AWS::S3::AccountPublicAccessBlock',
  resourceId: A,
  accountId: A,
  region: 'us-east-1',
});
const sgUs = makeCi({
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-1',
  accountId: A,
  region: 'us-east-1',
  configuration: { groupName: 'admin' },
});
const sgEu = makeCi({ resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-2', accountId: A, region: 'eu-west-1' });
const instance = ec2InstanceCi('i-1', { accountId: A, region: 'us-east-1' });
const reader = snapshotReader([older, newer, pab, sgUs, sgEu, instance]);

describe('snapshotReader', () => {
  it('a bucket: its newest item wherever Config recorded it, with the account-wide public access block', async () => {
    const r = await reader.read({
      accountId: A,
      refs: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'b1', accountId: A, region: 'us-east-1' }],
    });
    expect(r.items.map((ci) => ci.tags)).toEqual([{ v: '2' }]);
    expect(r.related.map((ci) => ci.resourceType)).toEqual(['AWS::S3::AccountPublicAccessBlock']);
    expect([r.errors, r.relatedUnknown]).toEqual([[], []]);
  });

  it('an instance: with the security groups of its own region only', async () => {
    const r = await reader.read({
      accountId: A,
      refs: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-1', accountId: A, region: 'us-east-1' }],
    });
    expect(r.items.map((ci) => ci.resourceId)).toEqual(['i-1']);
    expect(r.related.map((ci) => ci.resourceId)).toEqual(['sg-1']);
  });

  it('a group named only by name is found by its configuration.groupName', async () => {
    const r = await reader.read({
      accountId: A,
      refs: [{ resourceType: 'AWS::EC2::SecurityGroup', resourceName: 'admin', accountId: A, region: 'us-east-1' }],
    });
    expect(r.items.map((ci) => ci.resourceId)).toEqual(['sg-1']);
  });

  it('a resource the snapshot lacks is ResourceNotRecorded, with its ARN', async () => {
    const r = await reader.read({
      accountId: A,
      refs: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-9', accountId: A, region: 'us-east-1' }],
    });
    expect(r.items.map((ci) => [ci.status, ci.arn])).toEqual([
      ['ResourceNotRecorded', 'arn:aws:ec2:us-east-1:111111111111:instance/i-9'],
    ]);
  });

  it('an account the snapshot knows nothing of is unreachable', async () => {
    const read = reader.read({ accountId: '222222222222', refs: [] });
    await expect(read).rejects.toBeInstanceOf(AccountUnreachableError);
    await expect(read).rejects.toThrow('the snapshot has no configuration items for account 222222222222');
  });
});
