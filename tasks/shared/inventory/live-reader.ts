/**
 * Reads an event's resources live in the member account, with the audit role (one AssumeRole per
 * account, cached), as AWS Config configuration items with the property paths Config records — the
 * same shapes the sweep's collectors build (this folder's collectors, whose helpers are reused here).
 * A resource that no longer exists is an item with status `ResourceDeleted` (rules: not
 * applicable); throttling propagates so the task's Retry backs off; any other failure is a
 * `ReadError` for that resource (an ERROR finding, notified), never a silent "compliant".
 */
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { GetBucketLocationCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describeError, errorName } from '../aws/aws-errors';
import type { CredentialCache } from '../aws/credentials';
import type { ResourceRef } from '../events/event-model';
import type { ConfigurationItem } from '../model';
import { normalizeCi } from '../normalize-ci';
import { isThrottlingError } from '../throttling';
import { type ClientClass, type ClientFor, GLOBAL_ENDPOINT_REGION, GLOBAL_REGION } from './collector';
import { collectorOf } from './collectors';
import { instanceToCi } from './ec2-instances';
import { collectSecurityGroups, securityGroupToCi, subnetToCi } from './ec2-network';
import { volumeToCi } from './ec2-volumes';
import { dbInstanceToCi } from './rds-instances';
import { type ReadError, type ResourceReader, refLabel, relatedNeeds } from './resource-reader';
import { collectAccountPublicAccessBlock } from './s3-account-public-access-block';
import { BucketGoneError, bucketToCi, regionFromLocationConstraint } from './s3-buckets';

interface LiveClients {
  /** A client of any service (the registered collectors' `readOne`, `./collectors.ts`). */
  client<C>(client: ClientClass<C>, region: string, credentials: AwsCredentialIdentity): C;
  s3(region: string, credentials: AwsCredentialIdentity): S3Client;
  s3control(region: string, credentials: AwsCredentialIdentity): S3ControlClient;
  ec2(region: string, credentials: AwsCredentialIdentity): EC2Client;
  rds(region: string, credentials: AwsCredentialIdentity): RDSClient;
}

interface LiveReaderDeps {
  readonly credentials: CredentialCache;
  readonly clients: LiveClients;
}

/** The clients of one account, by region (already holding the role's credentials). */
type Clients = { [K in Exclude<keyof LiveClients, 'client'>]: (region: string) => ReturnType<LiveClients[K]> } & {
  readonly client: ClientFor;
};

/** Thrown by a type reader when the resource does not exist (any more). */
class GoneError extends Error {
  public constructor(why: string) {
    super(why);
    this.name = 'GoneError';
  }
}

const NOT_FOUND = new Set([
  'NoSuchBucket',
  'InvalidInstanceID.NotFound',
  'InvalidInstanceID.Malformed',
  'InvalidGroup.NotFound',
  'InvalidGroupId.Malformed',
  'InvalidVolume.NotFound',
  'InvalidSubnetID.NotFound',
  'DBInstanceNotFound',
  'DBInstanceNotFoundFault',
]);

function deleted(ref: ResourceRef, region: string): ConfigurationItem {
  return normalizeCi({
    resourceType: ref.resourceType,
    resourceId: ref.resourceId ?? ref.resourceName,
    ...(ref.resourceName === undefined ? {} : { resourceName: ref.resourceName }),
    awsAccountId: ref.accountId,
    awsRegion: region,
    configurationItemStatus: 'ResourceDeleted',
  });
}

async function readBucket(c: Clients, ref: ResourceRef): Promise<ConfigurationItem> {
  const name = ref.resourceId ?? ref.resourceName ?? '';
  const location = await c
    .s3(ref.region)
    .send(new GetBucketLocationCommand({ Bucket: name, ExpectedBucketOwner: ref.accountId }));
  const region = regionFromLocationConstraint(location.LocationConstraint);
  try {
    // The sweep's own per-bucket reads: the same 404/AccessDenied semantics, the same CI.
    return await bucketToCi(c.s3(region), { name, region, creationDate: undefined }, undefined, ref.accountId);
  } catch (error) {
    if (error instanceof BucketGoneError) throw new GoneError(error.message);
    throw error;
  }
}

type TypeReader = (c: Clients, ref: ResourceRef) => Promise<ConfigurationItem>;

const READERS: Readonly<Record<string, TypeReader>> = {
  'AWS::S3::Bucket': readBucket,
  'AWS::EC2::Instance': async (c, ref) => {
    const out = await c.ec2(ref.region).send(new DescribeInstancesCommand({ InstanceIds: [ref.resourceId ?? ''] }));
    const instance = out.Reservations?.flatMap((r) => r.Instances ?? [])[0];
    const ci = instance === undefined ? undefined : instanceToCi(instance, ref.accountId, ref.region);
    if (ci === undefined) throw new GoneError('DescribeInstances returned no instance');
    return ci;
  },
  'AWS::EC2::SecurityGroup': async (c, ref) => {
    const out = await c
      .ec2(ref.region)
      .send(
        new DescribeSecurityGroupsCommand(
          ref.resourceId !== undefined
            ? { GroupIds: [ref.resourceId] }
            : { Filters: [{ Name: 'group-name', Values: [ref.resourceName ?? ''] }] },
        ),
      );
    const sg = out.SecurityGroups?.[0];
    const ci = sg === undefined ? undefined : securityGroupToCi(sg, ref.accountId, ref.region);
    if (ci === undefined) throw new GoneError('DescribeSecurityGroups returned no group');
    return ci;
  },
  'AWS::EC2::Volume': async (c, ref) => {
    const out = await c.ec2(ref.region).send(new DescribeVolumesCommand({ VolumeIds: [ref.resourceId ?? ''] }));
    const volume = out.Volumes?.[0];
    const ci = volume === undefined ? undefined : volumeToCi(volume, ref.accountId, ref.region);
    if (ci === undefined) throw new GoneError('DescribeVolumes returned no volume');
    return ci;
  },
  'AWS::EC2::Subnet': async (c, ref) => {
    const out = await c.ec2(ref.region).send(new DescribeSubnetsCommand({ SubnetIds: [ref.resourceId ?? ''] }));
    const subnet = out.Subnets?.[0];
    const ci = subnet === undefined ? undefined : subnetToCi(subnet, ref.accountId, ref.region);
    if (ci === undefined) throw new GoneError('DescribeSubnets returned no subnet');
    return ci;
  },
  'AWS::RDS::DBInstance': async (c, ref) => {
    const out = await c
      .rds(ref.region)
      .send(
        new DescribeDBInstancesCommand(
          ref.resourceName !== undefined
            ? { DBInstanceIdentifier: ref.resourceName }
            : { Filters: [{ Name: 'dbi-resource-id', Values: [ref.resourceId ?? ''] }] },
        ),
      );
    const db = out.DBInstances?.[0];
    const ci = db === undefined ? undefined : dbInstanceToCi(db, ref.accountId, ref.region);
    if (ci === undefined) throw new GoneError('DescribeDBInstances returned no instance');
    return ci;
  },
};

/**
 * The region whose endpoint serves a resource of `region`: itself, or for a global service's item
 * (`global`, IAM) the region the sweep's first read uses in the commercial partition.
 */
function endpointRegion(region: string): string {
  return region === GLOBAL_REGION ? GLOBAL_ENDPOINT_REGION : region;
}

/** The `readOne` of the registered collector of `resourceType`, as a type reader (`undefined` = gone). */
function registeredReader(resourceType: string): TypeReader | undefined {
  const collector = collectorOf(resourceType);
  const readOne = collector?.readOne;
  if (readOne === undefined) return undefined;
  return async (c, ref) => {
    const ci = await readOne({ accountId: ref.accountId, region: endpointRegion(ref.region), client: c.client }, ref);
    if (ci === undefined) throw new GoneError(`${collector?.api ?? resourceType} returned no ${resourceType}`);
    return ci;
  };
}

/** Related items: the account's S3 public access block, the region's security groups, or a registered collector's items. */
async function readRelated(c: Clients, type: string, accountId: string, region: string): Promise<ConfigurationItem[]> {
  if (type === 'AWS::S3::AccountPublicAccessBlock') {
    return [await collectAccountPublicAccessBlock(c.s3control(region), { accountId }, region)];
  }
  if (type === 'AWS::EC2::SecurityGroup') return collectSecurityGroups(c.ec2(region), { accountId }, region);
  const collector = collectorOf(type);
  if (collector !== undefined) {
    const output = await collector.collect({ accountId, region: endpointRegion(region), client: c.client });
    return output.items.filter((ci) => ci.resourceType === type);
  }
  throw new Error(`no live reader for related type ${type}`);
}

/**
 * One resource as it is now: its item, or a `ResourceDeleted` item when it no longer exists.
 * Throttling and every other failure propagate (the callers decide what a failed read means).
 * Also used by `Remediate` to read a resource right before and after it writes.
 */
async function readResource(c: Clients, ref: ResourceRef): Promise<ConfigurationItem> {
  const reader = READERS[ref.resourceType] ?? registeredReader(ref.resourceType);
  if (reader === undefined) throw new NoLiveReaderError(ref.resourceType);
  try {
    return await reader(c, ref);
  } catch (error) {
    if (error instanceof GoneError || NOT_FOUND.has(errorName(error))) return deleted(ref, ref.region);
    throw error;
  }
}

/** Warden has no live reader for this resource type. */
class NoLiveReaderError extends Error {
  public constructor(public readonly resourceType: string) {
    super(`Warden cannot read ${resourceType} live`);
    this.name = 'NoLiveReaderError';
  }
}

function liveReader(deps: LiveReaderDeps): ResourceReader {
  return {
    async read(request) {
      const credentials = await deps.credentials.credentialsFor(request.accountId);
      const c: Clients = {
        client: (client, region) => deps.clients.client(client, region, credentials),
        s3: (region) => deps.clients.s3(region, credentials),
        s3control: (region) => deps.clients.s3control(region, credentials),
        ec2: (region) => deps.clients.ec2(region, credentials),
        rds: (region) => deps.clients.rds(region, credentials),
      };
      const items: ConfigurationItem[] = [];
      const errors: ReadError[] = [];
      for (const ref of request.refs) {
        try {
          items.push(await readResource(c, ref));
        } catch (error) {
          if (isThrottlingError(error)) throw error;
          const why = error instanceof NoLiveReaderError ? error.message : describeError(error);
          errors.push({ resource: refLabel(ref), resourceType: ref.resourceType, ref, error: why });
        }
      }
      const related: ConfigurationItem[] = [];
      const relatedUnknown: string[] = [];
      for (const [type, regions] of relatedNeeds(request.refs, items)) {
        for (const region of regions) {
          try {
            related.push(...(await readRelated(c, type, request.accountId, region)));
          } catch (error) {
            if (isThrottlingError(error)) throw error;
            relatedUnknown.push(type);
            errors.push({ resource: `${type} in ${region}`, resourceType: type, error: describeError(error) });
          }
        }
      }
      return { items, related, errors, relatedUnknown: [...new Set(relatedUnknown)] };
    },
  };
}

export type { Clients, LiveClients, LiveReaderDeps };
export { liveReader, NoLiveReaderError, readRelated, readResource };
