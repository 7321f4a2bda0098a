/**
 * The resources a CloudTrail call names, by AWS Config resource type, read from where CloudTrail
 * records them for the calls Warden's resource rules react to: `requestParameters.bucketName`,
 * `responseElements.instancesSet.items[].instanceId`, the group id of a flat or nested
 * `AuthorizeSecurityGroupIngress`, … Lists come as `{items: […]}` and empty lists as `{}`.
 */
import type { NormalizedEvent, ResourceRef } from './event-model';
import { field, itemsOf, recordAt, text, textAt } from './json';

/**
 * More resources than this in one event are not read (RunInstances with a large MaxCount): their
 * findings travel through the state (256 KiB); the daily sweep covers the rest.
 */
const MAX_REFS = 20;

type Extractor = (event: NormalizedEvent) => { id?: string; name?: string; region?: string }[];

function ids(...values: (string | undefined)[]): { id: string }[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].map((id) => ({ id }));
}

/** `resourcesSet.items[].resourceId` (CreateTags/DeleteTags) filtered by id prefix. */
function taggedResources(event: NormalizedEvent, prefix: string): string[] {
  return itemsOf(field(event.request, 'resourcesSet'))
    .map((r) => text(field(r, 'resourceId')))
    .filter((id): id is string => id?.startsWith(prefix) === true);
}

/** Ids from CloudTrail's own `resources` list for a type (`AWS::S3::Bucket` ARNs, …). */
function fromResources(event: NormalizedEvent, resourceType: string): string[] {
  return event.resources
    .filter((r) => r.type === resourceType && r.arn !== undefined)
    .map((r) => (r.arn as string).split(/[:/]/).pop() ?? '')
    .filter((id) => id !== '');
}

const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  'AWS::S3::Bucket': (event) => {
    const name = textAt(event.request, 'bucketName');
    // A bucket lives where CreateBucket put it, not necessarily in the endpoint's region.
    const location = textAt(event.request, 'CreateBucketConfiguration', 'LocationConstraint');
    const region = location === undefined ? undefined : location === 'EU' ? 'eu-west-1' : location;
    const names = name === undefined ? fromResources(event, 'AWS::S3::Bucket') : [name];
    return [...new Set(names)].map((id) => ({ id, ...(region === undefined ? {} : { region }) }));
  },
  'AWS::S3::AccountPublicAccessBlock': (event) =>
    event.eventSource.startsWith('s3') && /AccountPublicAccessBlock$/.test(event.eventName)
      ? [{ id: event.accountId }]
      : [],
  'AWS::EC2::Instance': (event) =>
    ids(
      ...itemsOf(field(event.response, 'instancesSet')).map((i) => text(field(i, 'instanceId'))),
      ...itemsOf(field(event.request, 'instancesSet')).map((i) => text(field(i, 'instanceId'))),
      textAt(event.request, 'instanceId'),
      ...taggedResources(event, 'i-'),
    ),
  'AWS::EC2::SecurityGroup': (event) => {
    const found = ids(
      textAt(event.request, 'groupId'),
      textAt(event.response, 'groupId'),
      ...itemsOf(recordAt(event.response, 'securityGroupRuleSet')).map((r) => text(field(r, 'groupId'))),
      ...taggedResources(event, 'sg-'),
    );
    if (found.length > 0) return found;
    // EC2-Classic / default-VPC calls may name the group only.
    const name = textAt(event.request, 'groupName');
    return name === undefined ? [] : [{ name }];
  },
  'AWS::EC2::Volume': (event) =>
    ids(textAt(event.response, 'volumeId'), textAt(event.request, 'volumeId'), ...taggedResources(event, 'vol-')),
  'AWS::EC2::VPC': (event) =>
    ids(textAt(event.response, 'vpc', 'vpcId'), textAt(event.request, 'vpcId'), ...taggedResources(event, 'vpc-')),
  'AWS::EC2::Subnet': (event) =>
    ids(
      textAt(event.response, 'subnet', 'subnetId'),
      textAt(event.request, 'subnetId'),
      ...taggedResources(event, 'subnet-'),
    ),
  // ModifySnapshotAttribute, CreateSnapshot: `requestParameters.snapshotId` / `responseElements.snapshotId`.
  'AWS::EC2::Snapshot': (event) =>
    ids(textAt(event.response, 'snapshotId'), textAt(event.request, 'snapshotId'), ...taggedResources(event, 'snap-')),
  // Config's resourceId for a DB snapshot is its identifier (ModifyDBSnapshotAttribute, CreateDBSnapshot).
  'AWS::RDS::DBSnapshot': (event) =>
    ids(textAt(event.request, 'dBSnapshotIdentifier') ?? textAt(event.response, 'dBSnapshotIdentifier')),
  'AWS::RDS::DBInstance': (event) => {
    // Config's resourceId for a DB instance is its DbiResourceId; the request names the identifier.
    const dbi = textAt(event.response, 'dbiResourceId');
    const name = textAt(event.request, 'dBInstanceIdentifier') ?? textAt(event.response, 'dBInstanceIdentifier');
    if (dbi === undefined && name === undefined) return [];
    return [{ ...(dbi === undefined ? {} : { id: dbi }), ...(name === undefined ? {} : { name }) }];
  },
};

interface RefsResult {
  readonly refs: ResourceRef[];
  /** Resource types the event names nothing of. */
  readonly unnamed: string[];
  /** Resource types Warden cannot read out of any CloudTrail call. */
  readonly unsupported: string[];
  readonly truncated: boolean;
}

/** The resources of `resourceTypes` the event names, each in the event's account. */
function resourceRefs(event: NormalizedEvent, resourceTypes: readonly string[]): RefsResult {
  const refs: ResourceRef[] = [];
  const unnamed: string[] = [];
  const unsupported: string[] = [];
  for (const resourceType of [...new Set(resourceTypes)]) {
    const extract = EXTRACTORS[resourceType];
    if (extract === undefined) {
      unsupported.push(resourceType);
      continue;
    }
    const found = extract(event);
    if (found.length === 0) unnamed.push(resourceType);
    for (const f of found) {
      refs.push({
        resourceType,
        ...(f.id === undefined ? {} : { resourceId: f.id }),
        ...(f.name === undefined ? {} : { resourceName: f.name }),
        accountId: event.accountId,
        region: f.region ?? event.region,
      });
    }
  }
  return { refs: refs.slice(0, MAX_REFS), unnamed, unsupported, truncated: refs.length > MAX_REFS };
}

export type { RefsResult };
export { MAX_REFS, resourceRefs };
