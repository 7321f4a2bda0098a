import { DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { ec2SnapshotsCollector as collector } from '../../../../tasks/shared/inventory/ec2-snapshots';
import { PlaceboServiceError, placeboResponse } from '../../../support/placebo';

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (C, region) => new C({ region }),
};
const REF = { resourceType: 'AWS::EC2::Snapshot', accountId: '644160558196', region: 'us-east-1' };

/** Two snapshots owned by the account; DescribeSnapshotAttribute of the same test lists snap-af0eb71b as `all`. */
function ownedPage(): { Snapshots: { SnapshotId: string }[] } {
  const response = placeboResponse(
    'test_ebs_snapshot_set_permissions_matched_everyone_only__ec2.DescribeSnapshots_1.json',
  );
  if (!response.ok) throw response.error;
  return response.output as { Snapshots: { SnapshotId: string }[] };
}
const OWNED = { OwnerIds: ['self'], MaxResults: 1000 };
const PUBLIC = { OwnerIds: ['self'], MaxResults: 1000, RestorableByUserIds: ['all'] };
const publicOnly = () => ({ Snapshots: ownedPage().Snapshots.filter((s) => s.SnapshotId === 'snap-af0eb71b') });

describe('ec2-snapshots collector', () => {
  it('declares a type Config does not record, regional, with the IAM action of its calls', () => {
    expect(collector).toMatchObject({
      resourceTypes: ['AWS::EC2::Snapshot'],
      scope: 'region',
      reads: ['ec2:DescribeSnapshots'],
      recordedByConfig: false,
    });
  });

  it('marks the snapshots the RestorableByUserIds=all listing returns as public, the others private', async () => {
    ec2.on(DescribeSnapshotsCommand, OWNED, true).resolves(ownedPage() as never);
    ec2.on(DescribeSnapshotsCommand, PUBLIC, true).resolves(publicOnly() as never);
    const { items } = await collector.collect(ctx);
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      resourceType: 'AWS::EC2::Snapshot',
      resourceId: 'snap-af0eb71b',
      arn: 'arn:aws:ec2:us-east-1::snapshot/snap-af0eb71b',
      accountId: '644160558196',
      region: 'us-east-1',
      availabilityZone: 'Not Applicable',
      status: 'OK',
      configuration: {
        description: '',
        encrypted: false,
        ownerId: '644160558196',
        progress: '100%',
        snapshotId: 'snap-af0eb71b',
        startTime: '2020-10-14T21:08:19.177Z',
        state: 'completed',
        volumeId: 'vol-af0eb71b',
        volumeSize: 8,
        createVolumePermissions: [{ group: 'all' }],
      },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [
        { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-af0eb71b', name: 'Is associated with Volume' },
      ],
    });
    expect(items[1]?.configuration.createVolumePermissions).toEqual([]);
    // Two listings, no DescribeSnapshotAttribute per snapshot.
    expect(ec2.calls()).toHaveLength(2);
  });

  it('follows NextToken on both listings', async () => {
    const [first, second] = ownedPage().Snapshots;
    ec2.on(DescribeSnapshotsCommand, OWNED, true).resolves({ Snapshots: [first as never], NextToken: 'o2' });
    ec2.on(DescribeSnapshotsCommand, { ...OWNED, NextToken: 'o2' }, true).resolves({ Snapshots: [second as never] });
    ec2.on(DescribeSnapshotsCommand, PUBLIC, true).resolves({ Snapshots: [], NextToken: 'p2' });
    ec2.on(DescribeSnapshotsCommand, { ...PUBLIC, NextToken: 'p2' }, true).resolves(publicOnly() as never);
    const { items } = await collector.collect(ctx);
    expect(items.map((ci) => [ci.resourceId, ci.configuration.createVolumePermissions])).toEqual([
      ['snap-af0eb71b', [{ group: 'all' }]],
      ['snap-0ac64f0a1f16af706', []],
    ]);
    expect(ec2.calls()).toHaveLength(4);
  });

  it('an account without snapshots has no items (and no second listing)', async () => {
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    expect(await collector.collect(ctx)).toEqual({ items: [] });
    expect(ec2.calls()).toHaveLength(1);
  });

  it('when the public listing is denied, who may restore is unknown (never "private"); throttling propagates', async () => {
    ec2.on(DescribeSnapshotsCommand, OWNED, true).resolves(ownedPage() as never);
    ec2
      .on(DescribeSnapshotsCommand, PUBLIC, true)
      .rejects(new PlaceboServiceError('UnauthorizedOperation', 'no', 403, {}));
    const { items } = await collector.collect(ctx);
    expect(items.map((ci) => ci.unknown)).toEqual([
      { createVolumePermissions: 'UnauthorizedOperation' },
      { createVolumePermissions: 'UnauthorizedOperation' },
    ]);
    expect(items[0]?.configuration).not.toHaveProperty('createVolumePermissions');
    ec2
      .on(DescribeSnapshotsCommand, PUBLIC, true)
      .rejects(new PlaceboServiceError('RequestLimitExceeded', 'slow', 503, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
  });

  it('a denied owned listing propagates', async () => {
    ec2.on(DescribeSnapshotsCommand).rejects(new PlaceboServiceError('UnauthorizedOperation', 'no', 403, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });

  it('readOne reads one snapshot and its publicity; InvalidSnapshot.NotFound means gone', async () => {
    const one = { OwnerIds: ['self'], SnapshotIds: ['snap-af0eb71b'] };
    ec2.on(DescribeSnapshotsCommand, one, true).resolves(publicOnly() as never);
    ec2.on(DescribeSnapshotsCommand, { ...one, RestorableByUserIds: ['all'] }, true).resolves({ Snapshots: [] });
    const ci = await collector.readOne?.(ctx, { ...REF, resourceId: 'snap-af0eb71b' });
    expect(ci?.configuration.createVolumePermissions).toEqual([]);
    ec2.reset();
    ec2.on(DescribeSnapshotsCommand).rejects(new PlaceboServiceError('InvalidSnapshot.NotFound', 'gone', 400, {}));
    expect(await collector.readOne?.(ctx, { ...REF, resourceId: 'snap-0gone' })).toBeUndefined();
  });
});
