import { DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { rdsSnapshotsCollector as collector } from '../../../../tasks/shared/inventory/rds-snapshots';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const rds = mockClient(RDSClient);
afterEach(() => rds.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (C, region) => new C({ region }),
};
const REF = { resourceType: 'AWS::RDS::DBSnapshot', accountId: '644160558196', region: 'us-east-1' };

/** `tidx-pub` (restore: all) and `tidx-rdx` (restore: one account), recorded with their attributes. */
const ACCESS = 'test_rds_snapshot_access__rds';
/** Three tagged manual snapshots. */
const TAGGED = 'test_rds_snapshot_count_filter__rds.DescribeDBSnapshots_1.json';

function manualOf(file: string): { DBSnapshots: { SnapshotType?: string; DBSnapshotIdentifier?: string }[] } {
  const response = placeboResponse(file);
  if (!response.ok) throw response.error;
  const output = response.output as { DBSnapshots: { SnapshotType?: string }[] };
  // The recording was made without SnapshotType=manual; RDS would have left the automated ones out.
  return { DBSnapshots: output.DBSnapshots.filter((s) => s.SnapshotType === 'manual') };
}
const attributes = (id: string, n: number) =>
  stubPlacebo(
    rds.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: id }),
    `${ACCESS}.DescribeDBSnapshotAttributes_${n}.json`,
  );

describe('rds-snapshots collector', () => {
  it('declares Config’s type, regional, with the IAM actions of both its calls', () => {
    expect(collector).toMatchObject({
      resourceTypes: ['AWS::RDS::DBSnapshot'],
      scope: 'region',
      reads: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
      recordedByConfig: true,
    });
  });

  it('lists manual snapshots and records each one’s attributes as Config does', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves(manualOf(`${ACCESS}.DescribeDBSnapshots_1.json`) as never);
    attributes('tidx-pub', 3);
    attributes('tidx-rdx', 4);
    const { items } = await collector.collect(ctx);
    expect(items.map((ci) => ci.resourceId)).toEqual(['tidx-pub', 'tidx-rdx']);
    expect(items[0]).toMatchObject({
      resourceType: 'AWS::RDS::DBSnapshot',
      resourceName: 'tidx-pub',
      arn: 'arn:aws:rds:us-east-1:644160558196:snapshot:tidx-pub',
      status: 'OK',
      configuration: { dBSnapshotIdentifier: 'tidx-pub', dBInstanceIdentifier: 'tidx', snapshotType: 'manual' },
      supplementaryConfiguration: { DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }] },
    });
    expect(items[1]?.supplementaryConfiguration.DBSnapshotAttributes).toEqual([
      { attributeName: 'restore', attributeValues: ['619193117841'] },
    ]);
    expect(rds.commandCalls(DescribeDBSnapshotsCommand)[0]?.args[0].input).toEqual({
      SnapshotType: 'manual',
      MaxRecords: 100,
    });
  });

  it('follows Marker to the last page; tags go to the top-level map and stay in tagList', async () => {
    const { DBSnapshots } = manualOf(TAGGED);
    rds
      .on(DescribeDBSnapshotsCommand)
      .resolvesOnce({ DBSnapshots: DBSnapshots.slice(0, 2) as never, Marker: 'm2' })
      .resolvesOnce({ DBSnapshots: DBSnapshots.slice(2) as never });
    rds.on(DescribeDBSnapshotAttributesCommand).resolves({ DBSnapshotAttributesResult: { DBSnapshotAttributes: [] } });
    const { items } = await collector.collect(ctx);
    expect(items.map((ci) => ci.resourceId)).toEqual([
      'abc-restore-final-snapshot-1',
      'abc-restore-final-snapshot-2',
      'abc-restore-final-snapshot-3',
    ]);
    expect(items[0]?.tags).toEqual({ 'workload-type': 'other', 'test-key': 'test-value-1' });
    expect(items[0]?.configuration.tagList).toEqual([
      { value: 'other', key: 'workload-type' },
      { value: 'test-value-1', key: 'test-key' },
    ]);
    expect(rds.commandCalls(DescribeDBSnapshotsCommand)[1]?.args[0].input).toMatchObject({ Marker: 'm2' });
  });

  it('a region without manual snapshots has no items and reads no attributes', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    expect(await collector.collect(ctx)).toEqual({ items: [] });
    expect(rds.commandCalls(DescribeDBSnapshotAttributesCommand)).toHaveLength(0);
  });

  it('denied attributes are unknown; a snapshot deleted since the listing is left out; throttling propagates', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves(manualOf(`${ACCESS}.DescribeDBSnapshots_1.json`) as never);
    rds
      .on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 'tidx-pub' })
      .rejects(new PlaceboServiceError('AccessDenied', 'no', 403, {}));
    rds
      .on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 'tidx-rdx' })
      .rejects(new PlaceboServiceError('DBSnapshotNotFound', 'gone', 404, {}));
    const { items } = await collector.collect(ctx);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ resourceId: 'tidx-pub', unknown: { DBSnapshotAttributes: 'AccessDenied' } });
    expect(items[0]?.supplementaryConfiguration).toEqual({});
    rds
      .on(DescribeDBSnapshotAttributesCommand)
      .rejects(new PlaceboServiceError('Throttling', 'Rate exceeded', 400, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'Throttling' });
  });

  it('a denied listing propagates', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(new PlaceboServiceError('AccessDenied', 'no', 403, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('readOne reads one snapshot with its attributes; DBSnapshotNotFound means gone', async () => {
    const [pub] = manualOf(`${ACCESS}.DescribeDBSnapshots_1.json`).DBSnapshots;
    rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'tidx-pub' }).resolves({ DBSnapshots: [pub as never] });
    attributes('tidx-pub', 3);
    const ci = await collector.readOne?.(ctx, { ...REF, resourceId: 'tidx-pub' });
    expect(ci?.supplementaryConfiguration.DBSnapshotAttributes).toEqual([
      { attributeName: 'restore', attributeValues: ['all'] },
    ]);
    rds.reset();
    rds.on(DescribeDBSnapshotsCommand).rejects(new PlaceboServiceError('DBSnapshotNotFound', 'gone', 404, {}));
    expect(await collector.readOne?.(ctx, { ...REF, resourceId: 'tidx-gone' })).toBeUndefined();
  });
});
