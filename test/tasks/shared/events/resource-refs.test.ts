/** The resources a CloudTrail call names, where CloudTrail records them (lists as {items}, flat or nested). */
import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../../../tasks/shared/events/envelope';
import type { NormalizedEvent } from '../../../../tasks/shared/events/event-model';
import { MAX_REFS, resourceRefs } from '../../../../tasks/shared/events/resource-refs';
import { readCorpusJson, wrapCloudTrail } from '../../../support/corpus-events';

function eventOf(raw: unknown): NormalizedEvent {
  const wrapped =
    (raw as Record<string, unknown>)['detail-type'] === undefined
      ? wrapCloudTrail(raw as Record<string, unknown>)
      : raw;
  const parsed = parseEnvelope(wrapped);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

const ids = (event: NormalizedEvent, type: string) =>
  resourceRefs(event, [type]).refs.map((r) => [r.resourceId ?? null, r.resourceName ?? null, r.region]);

describe('resourceRefs', () => {
  it('the nested AuthorizeSecurityGroupIngress names its group in requestParameters.groupId', () => {
    const e = eventOf(readCorpusJson('panther-analysis/aws_ec2_security_group_modified__security-group-modified.json'));
    expect(ids(e, 'AWS::EC2::SecurityGroup')).toEqual([['sg-1', null, 'us-west-2']]);
  });

  it('the flat (legacy) form too, and the securityGroupRuleSet of newer responses', () => {
    const [record] = readCorpusJson(
      'stratus-red-team/aws.exfiltration.ec2-security-group-open-port-22-ingress.json',
    ) as Record<string, unknown>[];
    const e = eventOf({ ...(record as Record<string, unknown>), awsRegion: 'us-east-1' });
    const refs = resourceRefs(e, ['AWS::EC2::SecurityGroup']).refs;
    expect(refs).toHaveLength(1);
    expect(refs[0]?.resourceId).toMatch(/^sg-/);
  });

  it('a group named only by name (default VPC) is looked up by name', () => {
    const e = eventOf({
      eventName: 'AuthorizeSecurityGroupIngress',
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: '111111111111',
      requestParameters: { groupName: 'web', ipPermissions: {} },
      responseElements: { _return: true },
    });
    expect(ids(e, 'AWS::EC2::SecurityGroup')).toEqual([[null, 'web', 'us-east-1']]);
  });

  it('RunInstances names its instances in responseElements.instancesSet.items', () => {
    const e = eventOf(readCorpusJson('cloud-custodian/events/cwe__event-cloud-trail-run-instances.json'));
    expect(ids(e, 'AWS::EC2::Instance')).toEqual([
      ['i-784cdacd', null, 'us-west-1'],
      ['i-7b4cdace', null, 'us-west-1'],
    ]);
  });

  it('DeleteTags names instances in resourcesSet.items; other resource kinds are not instances', () => {
    const e = eventOf({
      eventName: 'DeleteTags',
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'eu-west-1',
      recipientAccountId: '111111111111',
      requestParameters: { resourcesSet: { items: [{ resourceId: 'i-0abc' }, { resourceId: 'vol-1' }] }, tagSet: {} },
    });
    expect(ids(e, 'AWS::EC2::Instance')).toEqual([['i-0abc', null, 'eu-west-1']]);
  });

  it('CreateBucket puts the bucket in its LocationConstraint region (EU = eu-west-1)', () => {
    const e = eventOf(readCorpusJson('cloud-custodian/events/cwe__event-cloud-trail-create-bucket.json'));
    expect(ids(e, 'AWS::S3::Bucket')).toEqual([['custodian-create-bucket-v4', null, 'us-west-2']]);
    const eu = eventOf({
      eventName: 'CreateBucket',
      eventSource: 's3.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: '111111111111',
      requestParameters: { bucketName: 'b', CreateBucketConfiguration: { LocationConstraint: 'EU' } },
    });
    expect(ids(eu, 'AWS::S3::Bucket')).toEqual([['b', null, 'eu-west-1']]);
  });

  it('DeleteBucketPublicAccessBlock (CloudTrail naming) names its bucket; a null requestParameters names none', () => {
    const del = eventOf(
      readCorpusJson(
        'panther-analysis/aws_s3_delete_public_access_block__public-access-block-deleted-successfully.json',
      ),
    );
    expect(ids(del, 'AWS::S3::Bucket')).toEqual([['corporate-documents', null, 'us-east-1']]);
    const none = eventOf(readCorpusJson('panther-analysis/aws_resource_made_public__null-request-parameters.json'));
    expect(resourceRefs(none, ['AWS::S3::Bucket'])).toEqual({
      refs: [],
      unnamed: ['AWS::S3::Bucket'],
      unsupported: [],
      truncated: false,
    });
  });

  it('names what it cannot read as unsupported, and reads at most MAX_REFS resources', () => {
    const items = Array.from({ length: MAX_REFS + 5 }, (_, i) => ({ instanceId: `i-${i}` }));
    const e = eventOf({
      eventName: 'RunInstances',
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: '111111111111',
      responseElements: { instancesSet: { items } },
    });
    const r = resourceRefs(e, ['AWS::EC2::Instance', 'AWS::Lambda::Function']);
    expect([r.refs.length, r.truncated, r.unsupported]).toEqual([MAX_REFS, true, ['AWS::Lambda::Function']]);
  });
});

describe('resourceRefs: snapshots', () => {
  // Request shapes of the API references (ModifySnapshotAttribute, ModifyDBSnapshotAttribute) as CloudTrail records them.
  it('ModifySnapshotAttribute names its EBS snapshot in requestParameters.snapshotId', () => {
    const e = eventOf({
      eventName: 'ModifySnapshotAttribute',
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'eu-west-1',
      recipientAccountId: '333333333333',
      requestParameters: {
        snapshotId: 'snap-066877671789bd71b',
        createVolumePermission: { add: { items: [{ group: 'all' }] } },
        attributeType: 'CREATE_VOLUME_PERMISSION',
      },
      responseElements: { _return: true },
    });
    expect(ids(e, 'AWS::EC2::Snapshot')).toEqual([['snap-066877671789bd71b', null, 'eu-west-1']]);
  });

  it('ModifyDBSnapshotAttribute names its DB snapshot by identifier (Config’s resourceId)', () => {
    const e = eventOf({
      eventName: 'ModifyDBSnapshotAttribute',
      eventSource: 'rds.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: '333333333333',
      requestParameters: {
        dBSnapshotIdentifier: 'sandbox-mysql-share',
        attributeName: 'restore',
        valuesToAdd: ['all'],
      },
      responseElements: null,
    });
    expect(ids(e, 'AWS::RDS::DBSnapshot')).toEqual([['sandbox-mysql-share', null, 'us-east-1']]);
  });
});
