import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../tasks/shared/errors';
import { ciKey, decodeJsonValue, normalizeCi, normalizeSelectResults } from '../../../tasks/shared/normalize-ci';

const CORPUS = resolve(process.cwd(), '../shared/corpus');

function corpus(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(CORPUS, path), 'utf8')) as Record<string, unknown>;
}

/** The CI inside a Config custom-rule invocation (`invokingEvent` is a JSON string). */
function invokingCi(path: string): Record<string, unknown> {
  const event = corpus(path);
  return (JSON.parse(String(event.invokingEvent)) as { configurationItem: Record<string, unknown> }).configurationItem;
}

/** placebo records datetimes as `{__class__: 'datetime', year, …}`; the SDK v3 hands us `Date`s. */
function placeboDatesToDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(placeboDatesToDates);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record.__class__ === 'datetime') {
    const n = (k: string) => Number(record[k] ?? 0);
    return new Date(
      Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), n('microsecond') / 1000),
    );
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, placeboDatesToDates(v)]));
}

function selectResults(path: string): string[] {
  return (corpus(path) as { data: { Results: string[] } }).data.Results;
}

function relationshipNames(ci: { relationships: readonly { name: string }[] }): string[] {
  return ci.relationships.map((r) => r.name);
}

describe('normalizeCi: aws-config-rdk example CIs', () => {
  it('AWS_S3_Bucket (1.3 flavour): ARN, awsAccountId, AccessControlList JSON string decoded', () => {
    const raw = corpus('aws-config-rdk/AWS_S3_Bucket.json');
    const ci = normalizeCi(raw);
    expect(ci).toMatchObject({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'mborch-test-bucket-config-item',
      resourceName: 'mborch-test-bucket-config-item',
      arn: 'arn:aws:s3:::mborch-test-bucket-config-item',
      accountId: '934654633380',
      region: 'us-east-1',
      availabilityZone: 'Regional',
      status: 'OK',
      captureTime: '2019-02-12T07:29:16.288Z',
      tags: {},
      relationships: [],
    });
    expect(ci.configuration).toEqual(raw.configuration);
    expect(ci.supplementaryConfiguration.AccessControlList).toEqual({
      grantSet: null,
      grantList: [
        {
          grantee: { id: '8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12', displayName: null },
          permission: 'FullControl',
        },
      ],
      owner: { displayName: null, id: '8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12' },
      isRequesterCharged: false,
    });
    // Nested JSON strings stay as Config records them.
    const policy = ci.supplementaryConfiguration.BucketPolicy as { policyText: unknown };
    expect(typeof policy.policyText).toBe('string');
    expect(String(policy.policyText).startsWith('{"Version":"2012-10-17"')).toBe(true);
    expect(ci.supplementaryConfiguration.IsRequesterPaysEnabled).toBe(false);
    expect(ci.supplementaryConfiguration.BucketVersioningConfiguration).toEqual({
      status: 'Enabled',
      isMfaDeleteEnabled: null,
    });
  });

  it('AWS_EC2_Instance (1.2 flavour): arn, accountId, relationshipName -> name', () => {
    const raw = corpus('aws-config-rdk/AWS_EC2_Instance.json');
    const ci = normalizeCi(raw);
    expect(ci).toMatchObject({
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-03402838daac1d611',
      arn: 'arn:aws:ec2:us-east-1:681361479661:instance/i-03402838daac1d611',
      accountId: '681361479661',
      region: 'us-east-1',
      availabilityZone: 'us-east-1b',
      status: 'ResourceDiscovered',
      captureTime: '2017-04-05T22:23:11.677Z',
      tags: {},
      supplementaryConfiguration: {},
    });
    expect(ci.resourceName).toBeUndefined();
    expect(ci.relationships).toEqual([
      { resourceType: 'AWS::EC2::NetworkInterface', resourceId: 'eni-d055cfc4', name: 'Contains NetworkInterface' },
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-fd215482', name: 'Is associated with SecurityGroup' },
      { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-1aaccc7f', name: 'Is contained in Subnet' },
      { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-0c24aa343c564eda8', name: 'Is attached to Volume' },
      { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-79b3ea1e', name: 'Is contained in Vpc' },
    ]);
    expect(ci.configuration).toEqual(raw.configuration);
    expect((ci.configuration.state as { name: string }).name).toBe('running');
  });

  it('AWS_EC2_SecurityGroup: old ipRanges string list kept as is', () => {
    const ci = normalizeCi(corpus('aws-config-rdk/AWS_EC2_SecurityGroup.json'));
    expect(ci).toMatchObject({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-1d56fc66',
      arn: 'arn:aws:ec2:us-east-1:264683526309:security-group/sg-1d56fc66',
      accountId: '264683526309',
      region: 'us-east-1',
      status: 'OK',
      captureTime: '2016-06-09T08:59:59.139Z',
      availabilityZone: 'Not Applicable',
    });
    expect(relationshipNames(ci)).toEqual(['Is contained in Vpc']);
    const perms = ci.configuration.ipPermissions as { ipRanges: string[]; fromPort: number }[];
    expect(perms).toHaveLength(1);
    expect(perms[0]).toMatchObject({ ipRanges: ['0.0.0.0/0'], fromPort: 22, toPort: 22, ipProtocol: 'tcp' });
  });

  it('AWS_EC2_VPC: default VPC with 28 relationships', () => {
    const ci = normalizeCi(corpus('aws-config-rdk/AWS_EC2_VPC.json'));
    expect(ci.arn).toBe('arn:aws:ec2:us-east-1:264683526309:vpc/vpc-0990dc6d');
    expect(ci.availabilityZone).toBe('Multiple Availability Zones');
    expect(ci.configuration.isDefault).toBe(true);
    expect(ci.relationships).toHaveLength(28);
    expect(ci.relationships[0]).toEqual({
      resourceType: 'AWS::EC2::NetworkAcl',
      resourceId: 'acl-b48fd1d0',
      name: 'Contains NetworkAcl',
    });
    expect(ci.relationships.at(-1)).toEqual({
      resourceType: 'AWS::EC2::Subnet',
      resourceId: 'subnet-e83ba2d5',
      name: 'Contains Subnet',
    });
  });

  it('AWS_EC2_Volume: encrypted with a key from another account, kept verbatim', () => {
    const ci = normalizeCi(corpus('aws-config-rdk/AWS_EC2_Volume.json'));
    expect(ci).toMatchObject({
      resourceId: 'vol-a416b170',
      arn: 'arn:aws:ec2:us-east-1:264683526309:volume/vol-a416b170',
      accountId: '264683526309',
      availabilityZone: 'us-east-1c',
      status: 'ResourceDiscovered',
    });
    expect(ci.configuration.encrypted).toBe(true);
    expect(ci.configuration.kmsKeyId).toBe(
      'arn:aws:kms:ap-southeast-1:055409840355:key/bd41e26b-d347-4c59-ab0b-32aee30fcf8d',
    );
    expect(ci.relationships).toEqual([
      { resourceType: 'AWS::EC2::Instance', resourceId: 'i-29e75b19', name: 'Is attached to Instance' },
    ]);
  });

  it('AWS_DynamoDB_Table: hybrid (version 1.3 with accountId/arn); epoch-millis config numbers untouched', () => {
    const ci = normalizeCi(corpus('aws-config-rdk/AWS_DynamoDB_Table.json'));
    expect(ci).toMatchObject({
      resourceType: 'AWS::DynamoDB::Table',
      resourceId: 'test',
      resourceName: 'test',
      arn: 'arn:aws:dynamodb:us-east-2:123456789012:table/test',
      accountId: '123456789012',
      region: 'us-east-2',
      captureTime: '2022-02-21T15:58:19.450Z',
    });
    expect(ci.configuration.creationDateTime).toBe(1642087688890);
    expect(ci.supplementaryConfiguration.Tags).toEqual([]);
    expect(ci.supplementaryConfiguration.ContinuousBackupsDescription).toEqual({
      continuousBackupsStatus: 'ENABLED',
      pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'DISABLED' },
    });
  });

  it('AWS_S3_AccountPublicAccessBlock: no ARN in AWS, so Warden derives one', () => {
    const ci = normalizeCi(corpus('aws-config-rdk/AWS_S3_AccountPublicAccessBlock.json'));
    expect(ci).toEqual({
      resourceType: 'AWS::S3::AccountPublicAccessBlock',
      resourceId: '123456789012',
      arn: 'arn:aws:s3::123456789012:account-public-access-block',
      accountId: '123456789012',
      region: 'us-east-1',
      availabilityZone: 'Not Applicable',
      status: 'ResourceDiscovered',
      captureTime: '2022-05-20T15:53:57.732Z',
      configuration: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    });
  });
});

describe('normalizeCi: cloud-custodian config__s3.json (history flavour, JSON strings inside JSON)', () => {
  const ci = normalizeCi(corpus('cloud-custodian/events/config__s3.json'));

  it('keeps identity and converts the -05:00 capture time with microseconds to UTC', () => {
    expect(ci).toMatchObject({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'config-rule-sanity',
      resourceName: 'config-rule-sanity',
      arn: 'arn:aws:s3:::config-rule-sanity',
      accountId: '644160558196',
      region: 'us-east-2',
      availabilityZone: 'Regional',
      status: 'ResourceDiscovered',
      captureTime: '2017-02-04T11:10:33.880Z',
      tags: { Planet: 'Earth', Verbose: 'Game' },
      relationships: [],
    });
  });

  it('decodes configuration from a JSON string', () => {
    expect(ci.configuration).toEqual({
      name: 'config-rule-sanity',
      owner: { displayName: 'mandeep.bal', id: 'e7c8bb65a5fc49cf906715eae09de9e4bb7861a96361ba79b833aa45f6833b15' },
      creationDate: '2017-02-04T11:06:27.000Z',
    });
  });

  it('decodes every supplementary value, the double-encoded ACL and the string boolean included', () => {
    expect(ci.supplementaryConfiguration).toEqual({
      BucketAccelerateConfiguration: { status: null },
      BucketTaggingConfiguration: { tagSets: [{ tags: { Verbose: 'Game', Planet: 'Earth' } }] },
      AccessControlList: {
        grantSet: null,
        grantList: [
          {
            grantee: { id: 'e7c8bb65a5fc49cf906715eae09de9e4bb7861a96361ba79b833aa45f6833b15', displayName: null },
            permission: 'FullControl',
          },
        ],
        owner: { displayName: null, id: 'e7c8bb65a5fc49cf906715eae09de9e4bb7861a96361ba79b833aa45f6833b15' },
        isRequesterCharged: false,
      },
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      BucketPolicy: { policyText: null },
      BucketNotificationConfiguration: { configurations: {} },
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      IsRequesterPaysEnabled: false,
    });
  });
});

describe('normalizeSelectResults: SelectResourceConfig placebo recordings', () => {
  const SG = 'cloud-custodian/placebo/test_security_group_config_source__config.SelectResourceConfig_1.json';
  const S3 = 'cloud-custodian/placebo/test_s3_metrics_user_dims__config.SelectResourceConfig_1.json';
  const EMPTY = 'cloud-custodian/placebo/test_ecs_service_config__config.SelectResourceConfig_1.json';

  it('an empty Results list gives no items', () => {
    expect(normalizeSelectResults(selectResults(EMPTY))).toEqual([]);
  });

  it('rows whose SELECT left out the identity fail, naming the row and what is missing', () => {
    expect(() => normalizeSelectResults(selectResults(SG))).toThrow(InvalidInputError);
    expect(() => normalizeSelectResults(selectResults(SG))).toThrow(
      'SelectResourceConfig Results[0]: configuration item is missing resourceType, resourceId, awsAccountId/accountId, awsRegion',
    );
  });

  it('SG row: identity from the query context, id from configuration, tags from configuration.tags', () => {
    const items = normalizeSelectResults(selectResults(SG), {
      accountId: '644160558196',
      region: 'us-east-1',
      resourceType: 'AWS::EC2::SecurityGroup',
    });
    expect(items).toHaveLength(1);
    const [ci] = items;
    expect(ci).toMatchObject({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-6c7fa917',
      arn: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-6c7fa917',
      accountId: '644160558196',
      region: 'us-east-1',
      status: 'OK',
      tags: { NetworkLocation: 'Private' },
      relationships: [],
      supplementaryConfiguration: {},
    });
    const egress = ci?.configuration.ipPermissionsEgress as Record<string, unknown>[];
    expect(egress[0]).toEqual({
      ipRanges: ['0.0.0.0/0'],
      prefixListIds: [],
      userIdGroupPairs: [],
      ipProtocol: '-1',
      ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
      ipv6Ranges: [],
    });
  });

  it('S3 row: region from the row, bucket name as id, ACL decoded, policyText and numbers untouched', () => {
    const [ci] = normalizeSelectResults(selectResults(S3), {
      accountId: '644160558196',
      resourceType: 'AWS::S3::Bucket',
    });
    expect(ci).toMatchObject({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'c7n-ssm-build',
      arn: 'arn:aws:s3:::c7n-ssm-build',
      accountId: '644160558196',
      region: 'us-east-2',
      tags: {},
    });
    const sc = ci?.supplementaryConfiguration ?? {};
    expect((sc.AccessControlList as { grantList: { permission: string }[] }).grantList[0]?.permission).toBe(
      'FullControl',
    );
    expect((sc.BucketPolicy as { policyText: string }).policyText).toBe(
      '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::644160558196:role/service-role/codebuild-test-service-role"},"Action":"s3:*","Resource":["arn:aws:s3:::c7n-ssm-build","arn:aws:s3:::c7n-ssm-build/*"]}]}',
    );
    expect(sc.IsRequesterPaysEnabled).toBe(false);
    expect(sc.BucketLoggingConfiguration).toEqual({});
    const lifecycle = sc.BucketLifecycleConfiguration as { rules: { expirationInDays: number; id: string }[] };
    expect(lifecycle.rules[0]).toMatchObject({ expirationInDays: 60, id: 'CodeBuild cache lifecycle' });
  });

  it('a full row (history field names, tags as a [{key, value}] list) needs no context', () => {
    const row = JSON.parse(selectResults(SG)[0] ?? '{}') as Record<string, unknown>;
    const full = JSON.stringify({
      ...row,
      resourceId: 'sg-6c7fa917',
      resourceType: 'AWS::EC2::SecurityGroup',
      accountId: '644160558196',
      awsRegion: 'us-east-1',
      arn: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-6c7fa917',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: '2019-04-28T11:40:00.000Z',
      tags: [
        { key: 'NetworkLocation', value: 'Private' },
        { key: 'App', value: 'blue-moon' },
      ],
      relationships: [
        { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-d2d616b5', relationshipName: 'Is contained in Vpc' },
      ],
    });
    const [ci] = normalizeSelectResults([full]);
    expect(ci?.tags).toEqual({ NetworkLocation: 'Private', App: 'blue-moon' });
    expect(ci?.captureTime).toBe('2019-04-28T11:40:00.000Z');
    expect(ci?.relationships).toEqual([
      { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-d2d616b5', name: 'Is contained in Vpc' },
    ]);
  });

  it('a row that is not JSON fails with the row index', () => {
    expect(() => normalizeSelectResults(['{"resourceType":'])).toThrow(
      'SelectResourceConfig Results[0] is not valid JSON',
    );
    expect(() => normalizeSelectResults(['[]'])).toThrow('SelectResourceConfig Results[0] is not a JSON object');
  });
});

describe('normalizeCi: GetResourceConfigHistory placebo recording', () => {
  const raw = corpus('cloud-custodian/placebo/test_sg_config_diff__config.GetResourceConfigHistory_1.json') as {
    data: { configurationItems: unknown[] };
  };
  const items = (placeboDatesToDates(raw.data.configurationItems) as unknown[]).map(normalizeCi);

  it('normalizes both history items with configuration decoded from a JSON string', () => {
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-a38ed1de',
      arn: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-a38ed1de',
      accountId: '644160558196',
      region: 'us-east-1',
      availabilityZone: 'Not Applicable',
      status: 'ResourceDiscovered',
      captureTime: '2016-12-11T06:04:03.800Z',
      tags: { NetworkLocation: 'DMZ', App: 'blue-moon' },
      relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-72885e14', name: 'Is contained in Vpc' }],
    });
    expect(items[1]?.captureTime).toBe('2016-12-11T06:04:02.376Z');
    const perms = items[0]?.configuration.ipPermissions as { fromPort: number; ipRanges: string[] }[];
    expect(perms.map((p) => [p.fromPort, p.ipRanges])).toEqual([
      [8080, ['0.0.0.0/0']],
      [443, ['10.42.1.0/24']],
    ]);
    expect(items[0]?.configuration.groupName).toBe('allow-access');
  });

  it('both versions of the resource share one identity key', () => {
    expect(items.map((ci) => ciKey(ci))).toEqual([
      '644160558196|us-east-1|AWS::EC2::SecurityGroup|sg-a38ed1de',
      '644160558196|us-east-1|AWS::EC2::SecurityGroup|sg-a38ed1de',
    ]);
  });
});

describe('normalizeCi: CIs inside Config events and rule invocations (1.3 names, relationships `name`)', () => {
  it('security-group rule invocation', () => {
    const ci = normalizeCi(invokingCi('cloud-custodian/events/cwe__event-config-rule-security-group.json'));
    expect(ci).toMatchObject({
      resourceId: 'sg-e2fb6999',
      resourceName: 'sg_open_ssh',
      arn: 'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-e2fb6999',
      accountId: '123456789012',
      region: 'eu-west-1',
      captureTime: '2017-11-27T14:26:11.300Z',
    });
    // `resourceName: null` in a relationship is dropped, not turned into "null".
    expect(ci.relationships).toEqual([
      {
        resourceType: 'AWS::EC2::NetworkInterface',
        resourceId: 'eni-705bed5f',
        name: 'Is associated with NetworkInterface',
      },
      { resourceType: 'AWS::EC2::Instance', resourceId: 'i-00f390a5f2cdd1bff', name: 'Is associated with Instance' },
      { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-f16e4296', name: 'Is contained in Vpc' },
    ]);
  });

  it('instance rule invocation: resourceName null is omitted, tags kept', () => {
    const ci = normalizeCi(invokingCi('cloud-custodian/events/cwe__event-config-rule-instance.json'));
    expect(ci.resourceName).toBeUndefined();
    expect(ci.tags).toEqual({ Name: 'redrum-redrum' });
    expect(ci.arn).toBe('arn:aws:ec2:us-east-1:644160558196:instance/i-094bc87c84d56c589');
    expect((ci.configuration.state as { name: string }).name).toBe('stopped');
  });

  it('SQS Config Configuration Item Change event: string numbers in configuration stay strings', () => {
    const event = corpus('cloud-custodian/events/cwe__sqs-discover.json') as {
      detail: { configurationItem: unknown };
    };
    const ci = normalizeCi(event.detail.configurationItem);
    expect(ci).toMatchObject({
      resourceType: 'AWS::SQS::Queue',
      resourceId: 'https://sqs.us-east-1.amazonaws.com/644160558196/config-changes',
      arn: 'arn:aws:sqs:us-east-1:662108712480:config-changes',
      accountId: '662108712480',
      status: 'ResourceDiscovered',
    });
    expect(ci.configuration.MessageRetentionPeriod).toBe('345600');
    expect(ci.configuration.DelaySeconds).toBe('0');
    expect(typeof ci.configuration.Policy).toBe('string');
    expect(ci.supplementaryConfiguration).toEqual({ Tags: {} });
  });

  it('the 2014 documentation CI (no awsRegion) is rejected, naming the missing field', () => {
    const doc = corpus('awsdocs/config-ci-change-sns-notification-volume.json') as {
      Message: { configurationItem: unknown[] };
    };
    expect(() => normalizeCi(doc.Message.configurationItem[0])).toThrow(
      new InvalidInputError('configuration item (AWS::EC2::VOLUME vol-ce676ccc) is missing awsRegion'),
    );
  });
});

describe('normalizeCi: shapes and edge cases', () => {
  const base = {
    resourceType: 'AWS::EC2::Instance',
    resourceId: 'i-0123456789abcdef0',
    awsAccountId: '111111111111',
    awsRegion: 'us-east-1',
    configurationItemStatus: 'OK',
    configuration: {},
  };

  it('derives EC2 ARNs from type, account, region and id, with the partition of the region', () => {
    const derived = (resourceType: string, resourceId: string, awsRegion = 'eu-west-1') =>
      normalizeCi({ ...base, resourceType, resourceId, awsRegion }).arn;
    expect(derived('AWS::EC2::Instance', 'i-0abc')).toBe('arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc');
    expect(derived('AWS::EC2::Volume', 'vol-0abc')).toBe('arn:aws:ec2:eu-west-1:111111111111:volume/vol-0abc');
    expect(derived('AWS::EC2::SecurityGroup', 'sg-0abc')).toBe(
      'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0abc',
    );
    expect(derived('AWS::EC2::Subnet', 'subnet-0abc')).toBe('arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0abc');
    expect(derived('AWS::EC2::VPC', 'vpc-0abc')).toBe('arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-0abc');
    expect(derived('AWS::S3::Bucket', 'my-bucket')).toBe('arn:aws:s3:::my-bucket');
    expect(derived('AWS::S3::Bucket', 'cn-bucket', 'cn-north-1')).toBe('arn:aws-cn:s3:::cn-bucket');
    expect(derived('AWS::EC2::VPC', 'vpc-1', 'us-gov-west-1')).toBe(
      'arn:aws-us-gov:ec2:us-gov-west-1:111111111111:vpc/vpc-1',
    );
  });

  it('an empty ARN counts as missing; RDS takes configuration.dBInstanceArn', () => {
    expect(normalizeCi({ ...base, ARN: '' }).arn).toBe(
      'arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0',
    );
    const rds = normalizeCi({
      ...base,
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY2',
      configuration: { dBInstanceArn: 'arn:aws:rds:us-east-1:111111111111:db:ledger' },
    });
    expect(rds.arn).toBe('arn:aws:rds:us-east-1:111111111111:db:ledger');
  });

  it('fails for other types without an ARN', () => {
    expect(() => normalizeCi({ ...base, resourceType: 'AWS::Lambda::Function', resourceId: 'fn' })).toThrow(
      new InvalidInputError(
        'configuration item (AWS::Lambda::Function fn) has no ARN/arn, and Warden cannot derive one for AWS::Lambda::Function',
      ),
    );
  });

  it('tags: map or list (also PascalCase), non-string values made strings', () => {
    expect(normalizeCi({ ...base, tags: { Owner: 'a', Count: 3, Empty: null } }).tags).toEqual({
      Owner: 'a',
      Count: '3',
      Empty: '',
    });
    expect(
      normalizeCi({
        ...base,
        tags: [{ key: 'Owner', value: 'a' }, { Key: 'CostCenter', Value: 'CC-1' }, { value: 'no key' }],
      }).tags,
    ).toEqual({ Owner: 'a', CostCenter: 'CC-1' });
    // Top-level tags win over configuration.tags, even when empty.
    expect(normalizeCi({ ...base, tags: {}, configuration: { tags: [{ key: 'X', value: 'y' }] } }).tags).toEqual({});
    expect(normalizeCi({ ...base, configuration: { tags: [{ key: 'X', value: 'y' }] } }).tags).toEqual({ X: 'y' });
  });

  it('capture times: SDK Date, epoch seconds, epoch millis, offsets, unparseable kept', () => {
    const at = (t: unknown) => normalizeCi({ ...base, configurationItemCaptureTime: t }).captureTime;
    expect(at(new Date('2026-11-21T06:00:00Z'))).toBe('2026-11-21T06:00:00.000Z');
    expect(at(1481454243.8)).toBe('2016-12-11T11:04:03.800Z');
    expect(at(1481454243800)).toBe('2016-12-11T11:04:03.800Z');
    expect(at('2017-02-04T06:10:33.880000-05:00')).toBe('2017-02-04T11:10:33.880Z');
    expect(at('not a time')).toBe('not a time');
    expect(at(undefined)).toBeUndefined();
  });

  it('configuration null (deleted resource) -> {}; status defaults to OK only when absent', () => {
    const deleted = normalizeCi({ ...base, configuration: null, configurationItemStatus: 'ResourceDeleted' });
    expect(deleted.configuration).toEqual({});
    expect(deleted.status).toBe('ResourceDeleted');
    const { configurationItemStatus: _, ...noStatus } = base;
    expect(normalizeCi(noStatus).status).toBe('OK');
  });

  it('a whole CI given as a JSON string is decoded', () => {
    expect(normalizeCi(JSON.stringify(base)).resourceId).toBe('i-0123456789abcdef0');
  });

  it('keeps `unknown` (properties a collector could not read)', () => {
    const ci = normalizeCi({ ...base, unknown: { ServerSideEncryptionConfiguration: 'AccessDenied' } });
    expect(ci.unknown).toEqual({ ServerSideEncryptionConfiguration: 'AccessDenied' });
    expect(normalizeCi(base).unknown).toBeUndefined();
  });

  it('an epoch capture time no Date can hold is dropped, not a RangeError (found by the evaluate property test)', () => {
    expect(normalizeCi({ ...base, captureTime: 8640000000000001 }).captureTime).toBeUndefined();
    expect(normalizeCi({ ...base, captureTime: 1_700_000_000 }).captureTime).toBe('2023-11-14T22:13:20.000Z');
  });

  it('is idempotent on every corpus CI', () => {
    const samples = [
      corpus('aws-config-rdk/AWS_S3_Bucket.json'),
      corpus('aws-config-rdk/AWS_EC2_Instance.json'),
      corpus('aws-config-rdk/AWS_S3_AccountPublicAccessBlock.json'),
      corpus('cloud-custodian/events/config__s3.json'),
      invokingCi('cloud-custodian/events/cwe__event-config-rule-security-group.json'),
    ];
    for (const sample of samples) {
      const once = normalizeCi(sample);
      expect(normalizeCi(once)).toEqual(once);
      expect(normalizeCi(JSON.parse(JSON.stringify(once)))).toEqual(once);
    }
  });
});

describe('normalizeCi: bad input throws InvalidInputError naming what is wrong', () => {
  it.each([
    [null, 'configuration item must be a JSON object, got null'],
    [42, 'configuration item must be a JSON object, got number'],
    ['i-0123', 'configuration item must be a JSON object, got string'],
    [[], 'configuration item must be a JSON object, got an array'],
    [{}, 'configuration item is missing resourceType, resourceId, awsAccountId/accountId, awsRegion'],
    [
      { resourceType: 'AWS::S3::Bucket', resourceId: 'b', awsRegion: 'us-east-1' },
      'configuration item (AWS::S3::Bucket b) is missing awsAccountId/accountId',
    ],
    [
      { resourceType: 'AWS::S3::Bucket', accountId: '111111111111', awsRegion: 'us-east-1', resourceId: '  ' },
      'configuration item (AWS::S3::Bucket) is missing resourceId',
    ],
    [
      { resourceType: 'AWS::S3::Bucket', resourceId: 'b', accountId: '1234', awsRegion: 'us-east-1' },
      'configuration item (AWS::S3::Bucket b): account id "1234" is not 12 digits',
    ],
    [
      {
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'b',
        accountId: '111111111111',
        awsRegion: 'us-east-1',
        configuration: '123',
      },
      'configuration item (AWS::S3::Bucket b): configuration is not a JSON object',
    ],
    [
      {
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'b',
        accountId: '111111111111',
        awsRegion: 'us-east-1',
        relationships: [{ resourceId: 'x', name: 'n' }],
      },
      'configuration item (AWS::S3::Bucket b): relationships[0] has no resourceType',
    ],
  ])('%j', (input, message) => {
    let thrown: unknown;
    try {
      normalizeCi(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as Error).name).toBe('InvalidInputError');
    expect((thrown as Error).message).toBe(message);
  });
});

describe('decodeJsonValue', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    [' [1, 2] ', [1, 2]],
    ['"{\\"a\\":\\"b\\"}"', { a: 'b' }],
    ['false', false],
    ['"false"', false],
    ['null', null],
    ['123', '123'],
    ['0123', '0123'],
    ['i-0123456789abcdef0', 'i-0123456789abcdef0'],
    ['{not json}', '{not json}'],
    ['', ''],
    [12, 12],
  ])('%j -> %j', (input, expected) => {
    expect(decodeJsonValue(input)).toEqual(expected);
  });
});

describe('ciKey', () => {
  it('is account|region|type|id', () => {
    expect(
      ciKey({ accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS::S3::Bucket', resourceId: 'b' }),
    ).toBe('111111111111|eu-west-1|AWS::S3::Bucket|b');
  });
});
