/**
 * EBS snapshots owned by one account-region, as `AWS::EC2::Snapshot` items. AWS Config does not
 * record EBS snapshots (no such type in awslabs/aws-config-resource-schema), so the type is read
 * from the API only (`recordedByConfig: false`); its name is the CloudFormation-style one Config would
 * use, and the configuration is DescribeSnapshots' output in Config's camelCase
 * (`configuration.{snapshotId, volumeId, state, encrypted, kmsKeyId, ownerId, startTime, volumeSize,
 * description}`), tags in the top-level `tags`.
 *
 * Who may restore a snapshot is not in DescribeSnapshots' output, and DescribeSnapshotAttribute is one
 * call per snapshot (too many: the bench allows ≤ 2 EC2 calls per 1,000 resources). The EC2 API filters
 * instead: `RestorableByUserIds: ['all']` returns only the snapshots whose createVolumePermission
 * includes the `all` group (public). So two listings, both paged: OwnerIds=[self], then the same with
 * RestorableByUserIds=[all]; the public ones get `configuration.createVolumePermissions:
 * [{group: 'all'}]`, the others `[]` (shares with named accounts are not read: only "public" is).
 * When the second listing fails for any reason but throttling, every item records
 * `unknown.createVolumePermissions` (the rule then says ERROR, not "private"); a failure of the first
 * listing propagates (the read's region error).
 */
import {
  DescribeSnapshotsCommand,
  type DescribeSnapshotsCommandInput,
  EC2Client,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { defineCollector } from './collector';
import { partitionOf, tagMap, toConfigCase } from './config-case';

const RESOURCE_TYPE = 'AWS::EC2::Snapshot';

/** Largest page DescribeSnapshots allows. */
const PAGE_SIZE = 1000;

/** What EC2 answers for a snapshot id that does not exist (any more). */
const NOT_FOUND = new Set(['InvalidSnapshot.NotFound', 'InvalidSnapshotID.Malformed']);

/** The createVolumePermission of a public snapshot, as DescribeSnapshotAttribute would list it. */
const PUBLIC = [{ group: 'all' }] as const;

type Publicity = { readonly publicIds: ReadonlySet<string> } | { readonly unknown: string };

function snapshotToCi(
  snapshot: Snapshot,
  accountId: string,
  region: string,
  publicity: Publicity,
): ConfigurationItem | undefined {
  const id = snapshot.SnapshotId;
  if (id === undefined) return undefined;
  const { Tags, ...rest } = snapshot;
  const configuration = toConfigCase(rest) as Record<string, unknown>;
  if ('publicIds' in publicity) configuration.createVolumePermissions = publicity.publicIds.has(id) ? [...PUBLIC] : [];
  return {
    resourceType: RESOURCE_TYPE,
    resourceId: id,
    arn: `arn:${partitionOf(region)}:ec2:${region}::snapshot/${id}`,
    accountId,
    region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration,
    supplementaryConfiguration: {},
    tags: tagMap(Tags),
    relationships:
      snapshot.VolumeId === undefined
        ? []
        : [{ resourceType: 'AWS::EC2::Volume', resourceId: snapshot.VolumeId, name: 'Is associated with Volume' }],
    ...('unknown' in publicity ? { unknown: { createVolumePermissions: publicity.unknown } } : {}),
  };
}

async function describeSnapshots(ec2: EC2Client, input: DescribeSnapshotsCommandInput): Promise<Snapshot[]> {
  const paged = input.SnapshotIds === undefined ? { MaxResults: PAGE_SIZE } : {};
  return collectPages('DescribeSnapshots', async (token) => {
    const page = await ec2.send(
      new DescribeSnapshotsCommand({ ...input, ...paged, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    return { items: page.Snapshots ?? [], nextToken: page.NextToken };
  });
}

/** The ids among `input`'s snapshots that anyone may restore, or why that could not be read. */
async function publicity(ec2: EC2Client, input: DescribeSnapshotsCommandInput): Promise<Publicity> {
  try {
    const open = await describeSnapshots(ec2, { ...input, RestorableByUserIds: ['all'] });
    return { publicIds: new Set(open.map((s) => s.SnapshotId).filter((id) => id !== undefined)) };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { unknown: errorName(error) };
  }
}

const ec2SnapshotsCollector = defineCollector({
  resourceTypes: [RESOURCE_TYPE],
  scope: 'region',
  api: 'ec2:DescribeSnapshots',
  reads: ['ec2:DescribeSnapshots'],
  recordedByConfig: false,
  async collect(ctx) {
    const ec2 = ctx.client(EC2Client, ctx.region);
    const owned = await describeSnapshots(ec2, { OwnerIds: ['self'] });
    const open = owned.length === 0 ? { publicIds: new Set<string>() } : await publicity(ec2, { OwnerIds: ['self'] });
    return {
      items: owned.map((s) => snapshotToCi(s, ctx.accountId, ctx.region, open)).filter((ci) => ci !== undefined),
    };
  },
  async readOne(ctx, ref) {
    if (ref.resourceId === undefined) return undefined;
    const ec2 = ctx.client(EC2Client, ctx.region);
    const input = { OwnerIds: ['self'], SnapshotIds: [ref.resourceId] };
    let snapshot: Snapshot | undefined;
    try {
      [snapshot] = await describeSnapshots(ec2, input);
    } catch (error) {
      if (NOT_FOUND.has(errorName(error))) return undefined;
      throw error;
    }
    if (snapshot === undefined) return undefined;
    return snapshotToCi(snapshot, ctx.accountId, ctx.region, await publicity(ec2, input));
  },
});

export { ec2SnapshotsCollector, snapshotToCi };
