/**
 * Manual RDS DB snapshots owned by one account-region as AWS Config `AWS::RDS::DBSnapshot` items:
 * DescribeDBSnapshots SnapshotType=manual (paged; automated snapshots cannot be shared, so they cannot
 * be public), then DescribeDBSnapshotAttributes for each (at most `ATTRIBUTE_CONCURRENCY` in flight):
 * its `restore` attribute lists the accounts that may restore the snapshot, `all` meaning anyone.
 *
 * Config's shape (awslabs/aws-config-resource-schema, and a recorded Config item of this type):
 * `resourceId` and `resourceName` = the snapshot identifier, `configuration` bean-cased like every RDS
 * type (`dBSnapshotIdentifier`, `dBInstanceIdentifier`, `snapshotType`, `encrypted`, `tagList`, …), the
 * attributes in `supplementaryConfiguration.DBSnapshotAttributes[].{attributeName, attributeValues}`.
 *
 * Errors of the attribute read: `DBSnapshotNotFound` (deleted since the listing) drops the snapshot;
 * throttling propagates; anything else (AccessDenied) is `unknown.DBSnapshotAttributes`, so the rule
 * says ERROR rather than "private". A failing listing propagates (the read's region error).
 */
import {
  type DBSnapshot,
  type DBSnapshotAttribute,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { errorName } from '../aws/aws-errors';
import { mapLimit } from '../aws/concurrency';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { defineCollector } from './collector';
import { partitionOf, tagMap, toBeanCase } from './config-case';

const RESOURCE_TYPE = 'AWS::RDS::DBSnapshot';

/** Largest page DescribeDBSnapshots allows (MaxRecords 20–100). */
const PAGE_SIZE = 100;

/** DescribeDBSnapshotAttributes calls in flight at once per account-region. */
const ATTRIBUTE_CONCURRENCY = 5;

/** What RDS answers for a snapshot identifier that does not exist (any more). */
const NOT_FOUND = new Set(['DBSnapshotNotFound', 'DBSnapshotNotFoundFault']);

type Attributes = { readonly values: DBSnapshotAttribute[] } | { readonly unknown: string } | 'gone';

function dbSnapshotToCi(
  snapshot: DBSnapshot,
  attributes: Exclude<Attributes, 'gone'>,
  accountId: string,
  region: string,
): ConfigurationItem | undefined {
  const id = snapshot.DBSnapshotIdentifier;
  if (id === undefined) return undefined;
  return {
    resourceType: RESOURCE_TYPE,
    resourceId: id,
    resourceName: id,
    arn: snapshot.DBSnapshotArn ?? `arn:${partitionOf(region)}:rds:${region}:${accountId}:snapshot:${id}`,
    accountId,
    region,
    availabilityZone: snapshot.AvailabilityZone ?? 'Not Applicable',
    status: 'OK',
    configuration: toBeanCase(snapshot) as Record<string, unknown>,
    supplementaryConfiguration: 'values' in attributes ? { DBSnapshotAttributes: toBeanCase(attributes.values) } : {},
    tags: tagMap(snapshot.TagList),
    relationships: [],
    ...('unknown' in attributes ? { unknown: { DBSnapshotAttributes: attributes.unknown } } : {}),
  };
}

async function attributesOf(rds: RDSClient, identifier: string): Promise<Attributes> {
  try {
    const out = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: identifier }));
    return { values: out.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [] };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    const name = errorName(error);
    return NOT_FOUND.has(name) ? 'gone' : { unknown: name };
  }
}

/** Each snapshot with its attributes, as items (snapshots deleted meanwhile left out). */
async function withAttributes(
  rds: RDSClient,
  snapshots: readonly DBSnapshot[],
  accountId: string,
  region: string,
): Promise<ConfigurationItem[]> {
  const items = await mapLimit(snapshots, ATTRIBUTE_CONCURRENCY, async (snapshot) => {
    const id = snapshot.DBSnapshotIdentifier;
    if (id === undefined) return undefined;
    const attributes = await attributesOf(rds, id);
    return attributes === 'gone' ? undefined : dbSnapshotToCi(snapshot, attributes, accountId, region);
  });
  return items.filter((ci) => ci !== undefined);
}

const rdsSnapshotsCollector = defineCollector({
  resourceTypes: [RESOURCE_TYPE],
  scope: 'region',
  api: 'rds:DescribeDBSnapshots',
  reads: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
  recordedByConfig: true,
  async collect(ctx) {
    const rds = ctx.client(RDSClient, ctx.region);
    const snapshots = await collectPages('DescribeDBSnapshots', async (marker) => {
      const page = await rds.send(
        new DescribeDBSnapshotsCommand({
          SnapshotType: 'manual',
          MaxRecords: PAGE_SIZE,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      );
      return { items: page.DBSnapshots ?? [], nextToken: page.Marker };
    });
    return { items: await withAttributes(rds, snapshots, ctx.accountId, ctx.region) };
  },
  async readOne(ctx, ref) {
    const identifier = ref.resourceId ?? ref.resourceName;
    if (identifier === undefined) return undefined;
    const rds = ctx.client(RDSClient, ctx.region);
    let snapshot: DBSnapshot | undefined;
    try {
      [snapshot] =
        (await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier }))).DBSnapshots ?? [];
    } catch (error) {
      if (NOT_FOUND.has(errorName(error))) return undefined;
      throw error;
    }
    if (snapshot === undefined) return undefined;
    const [ci] = await withAttributes(rds, [snapshot], ctx.accountId, ctx.region);
    return ci;
  },
});

export { dbSnapshotToCi, rdsSnapshotsCollector };
