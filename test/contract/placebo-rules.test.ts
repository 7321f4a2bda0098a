/**
 * Contract: the recorded Cloud Custodian responses (../shared/corpus/cloud-custodian/placebo) replayed
 * through the live collectors with aws-sdk-client-mock, and the resulting CIs through the rules, with
 * exact outcomes. Errors and empty answers included.
 */
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateResources } from '../../tasks/engine/evaluate';
import { contextOf } from '../../tasks/rules/context';
import { RULES, resolveRuleParameters, ruleById } from '../../tasks/rules/index';
import type { Rule } from '../../tasks/rules/rule';
import { activeRules } from '../../tasks/rules/settings';
import { createCredentialCache } from '../../tasks/shared/aws/credentials';
import { parseWardenConfig } from '../../tasks/shared/config';
import { collectWithSelect } from '../../tasks/shared/inventory/config-select';
import { collectEc2Instances } from '../../tasks/shared/inventory/ec2-instances';
import { collectSecurityGroups, collectVpcs } from '../../tasks/shared/inventory/ec2-network';
import { collectVolumes } from '../../tasks/shared/inventory/ec2-volumes';
import { collectAccountLive } from '../../tasks/shared/inventory/index';
import type { ConfigurationItem } from '../../tasks/shared/model';
import { S3_EC2_RDS_TYPES } from '../support/collected-types';
import { placeboResponse, stubPlacebo } from '../support/placebo';

const ACCOUNT = { accountId: '644160558196' };
const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());
const ec2Client = () => new EC2Client({ region: 'us-east-1' });

function rule(id: string): Rule<unknown> {
  const found = ruleById(id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

/** `resourceId -> status` for every item of `type`, each evaluated with its inventory as context. */
function statuses(id: string, items: readonly ConfigurationItem[], parameters: unknown = {}): Record<string, string> {
  const r = rule(id);
  const params = resolveRuleParameters(r, parameters);
  const out: Record<string, string> = {};
  for (const ci of items.filter((c) => r.resourceTypes.includes(c.resourceType))) {
    try {
      out[ci.resourceId] = r.evaluate(ci, params, contextOf(ci, items)).status;
    } catch {
      out[ci.resourceId] = 'ERROR';
    }
  }
  return out;
}

function withStatus(map: Record<string, string>, status: string): string[] {
  return Object.entries(map)
    .filter(([, s]) => s === status)
    .map(([id]) => id);
}

describe('contract: DescribeSecurityGroups recordings -> ec2-security-group-open-ingress', () => {
  it('the 42-group sweep of a real account: exactly the 20 groups with SSH or all TCP open to 0.0.0.0/0', async () => {
    stubPlacebo(
      ec2.on(DescribeSecurityGroupsCommand),
      'test_security_group_self_reference__ec2.DescribeSecurityGroups_2.json',
    );
    const items = await collectSecurityGroups(ec2Client(), ACCOUNT, 'us-east-1');
    const result = statuses('ec2-security-group-open-ingress', items);
    expect(Object.keys(result)).toHaveLength(42);
    expect(withStatus(result, 'NON_COMPLIANT')).toEqual([
      'sg-0026997c',
      'sg-0b3d3377',
      'sg-3d78bc42',
      'sg-45131239',
      'sg-5be15a24',
      'sg-5fd5dd21',
      'sg-6c269910',
      'sg-854645f9',
      'sg-8735b1f8',
      'sg-8a4b64f7',
      'sg-926a56e8',
      'sg-b8dd6dc7',
      'sg-bdbfb7c1',
      'sg-c67c7dba',
      'sg-d037b3af',
      'sg-dc1312a0',
      'sg-deafbda2',
      'sg-e281699e',
      'sg-f7117688',
      'sg-fc46c983',
    ]);
    expect(withStatus(result, 'COMPLIANT')).toHaveLength(22);
    // Test-SG1 opens every TCP port; FancyTestGroupPublic opens them to 169.254.169.254/32 only.
    const all = items.find((ci) => ci.resourceId === 'sg-8a4b64f7') as ConfigurationItem;
    const r = rule('ec2-security-group-open-ingress');
    expect(r.evaluate(all, r.parameters.parse({})).message).toBe(
      'Security group sg-8a4b64f7 (Test-SG1) is open to the internet: tcp/0-65535 from 0.0.0.0/0',
    );
    expect(result['sg-f8c78787']).toBe('COMPLIANT');
  });

  it('only-ports-and-cidr: 80 and 443 are allowed, 8080 and 1234-4321 and 22 are not; the revoke leaves the rest', async () => {
    stubPlacebo(
      ec2.on(DescribeSecurityGroupsCommand),
      'test_only_ports_and_cidr_ingress__ec2.DescribeSecurityGroups_1.json',
    );
    const items = await collectSecurityGroups(ec2Client(), ACCOUNT, 'us-east-1');
    const result = statuses('ec2-security-group-open-ingress', items);
    expect(Object.keys(result)).toHaveLength(19);
    expect(withStatus(result, 'NON_COMPLIANT')).toEqual(['sg-02a60363e2b087ff8', 'sg-0d40e803b8b644e79']);
    const r = rule('ec2-security-group-open-ingress');
    const ci = items.find((c) => c.resourceId === 'sg-02a60363e2b087ff8') as ConfigurationItem;
    expect(r.remediation?.plan(ci, r.parameters.parse({}))).toEqual([
      {
        service: 'ec2',
        operation: 'RevokeSecurityGroupIngress',
        input: {
          GroupId: 'sg-02a60363e2b087ff8',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            { IpProtocol: 'tcp', FromPort: 1234, ToPort: 4321, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        },
      },
    ]);
  });

  it('prefix lists, peers and self-references are never the world (appelb, sg_used_cross_ref)', async () => {
    for (const file of [
      'test_appelb_add_security_group__ec2.DescribeSecurityGroups_1.json',
      'sg_used_cross_ref__ec2.DescribeSecurityGroups_1.json',
    ]) {
      ec2.reset();
      stubPlacebo(ec2.on(DescribeSecurityGroupsCommand), file);
      const result = statuses(
        'ec2-security-group-open-ingress',
        await collectSecurityGroups(ec2Client(), ACCOUNT, 'us-east-1'),
      );
      expect(new Set(Object.values(result)), file).toEqual(new Set(['COMPLIANT']));
    }
  });
});

describe('contract: DescribeVolumes recordings -> ec2-volume-encryption', () => {
  it('aws_managed_kms_keys: the one unencrypted volume; modifyable_filter: all six unencrypted', async () => {
    stubPlacebo(ec2.on(DescribeVolumesCommand), 'test_ebs_aws_managed_kms_keys__ec2.DescribeVolumes_1.json');
    expect(statuses('ec2-volume-encryption', await collectVolumes(ec2Client(), ACCOUNT, 'us-west-2'))).toEqual({
      'vol-37e189b7': 'NON_COMPLIANT',
      'vol-cc3fc645': 'COMPLIANT',
      'vol-14a3cd9d': 'COMPLIANT',
    });
    ec2.reset();
    stubPlacebo(ec2.on(DescribeVolumesCommand), 'test_ebs_modifyable_filter__ec2.DescribeVolumes_1.json');
    const result = statuses('ec2-volume-encryption', await collectVolumes(ec2Client(), ACCOUNT, 'us-east-1'));
    expect(Object.values(result)).toEqual(Array(6).fill('NON_COMPLIANT'));
  });
});

describe('contract: DescribeInstances + DescribeSecurityGroups -> ec2-instance-admin-security-group', () => {
  async function inventory(): Promise<ConfigurationItem[]> {
    stubPlacebo(ec2.on(DescribeInstancesCommand), 'test_iam_instance_profile_inuse__ec2.DescribeInstances_1.json');
    stubPlacebo(
      ec2.on(DescribeSecurityGroupsCommand),
      'test_security_group_self_reference__ec2.DescribeSecurityGroups_2.json',
    );
    return [
      ...(await collectEc2Instances(ec2Client(), ACCOUNT, 'us-east-1')),
      ...(await collectSecurityGroups(ec2Client(), ACCOUNT, 'us-east-1')),
    ];
  }

  it('disabled by default: every instance NOT_APPLICABLE', async () => {
    const result = statuses('ec2-instance-admin-security-group', await inventory());
    expect(new Set(Object.values(result))).toEqual(new Set(['NOT_APPLICABLE']));
    expect(Object.keys(result)).toHaveLength(5);
  });

  it('admin group "default" by name: the recorded group carries no Warden tag, so it is refused, never attached', async () => {
    const items = await inventory();
    const params = {
      adminSecurityGroup: { name: 'default', tag: { key: 'warden:admin-security-group', value: 'true' } },
    };
    const result = statuses('ec2-instance-admin-security-group', items, params);
    expect(result['i-094bc87c84d56c589']).toBe('NON_COMPLIANT');
    // Carrying a group that only has the name is not carrying the administrator group.
    expect(result['i-051ddfa43d1b9f4f6']).toBe('NON_COMPLIANT');
    const r = rule('ec2-instance-admin-security-group');
    const stopped = items.find((ci) => ci.resourceId === 'i-094bc87c84d56c589') as ConfigurationItem;
    expect(() => r.remediation?.plan(stopped, resolveRuleParameters(r, params), contextOf(stopped, items))).toThrow(
      'does not carry the tag warden:admin-security-group=true',
    );
  });

  it('admin group sg-6c7fa917 by id (vpc-d2d616b5): the instance carrying it is compliant', async () => {
    const items = await inventory();
    const params = { adminSecurityGroup: { id: 'sg-6c7fa917' } };
    expect(statuses('ec2-instance-admin-security-group', items, params)).toEqual({
      'i-094bc87c84d56c589': 'NON_COMPLIANT',
      'i-0bc6dcda399bbb39a': 'NON_COMPLIANT',
      'i-015739b967104bdb7': 'NON_COMPLIANT',
      'i-05329d73456d367f5': 'NOT_APPLICABLE',
      'i-051ddfa43d1b9f4f6': 'COMPLIANT',
    });
    const r = rule('ec2-instance-admin-security-group');
    const stopped = items.find((ci) => ci.resourceId === 'i-094bc87c84d56c589') as ConfigurationItem;
    expect(r.remediation?.plan(stopped, resolveRuleParameters(r, params), contextOf(stopped, items))).toEqual([
      {
        service: 'ec2',
        operation: 'ModifyInstanceAttribute',
        input: { InstanceId: 'i-094bc87c84d56c589', Groups: ['sg-eb0da091', 'sg-6c7fa917'] },
      },
    ]);
  });
});

describe('contract: a whole account collected from recordings, every rule evaluated', () => {
  const sts = mockClient(STSClient);
  const mocks = { s3: mockClient(S3Client), ec2, rds: mockClient(RDSClient), s3control: mockClient(S3ControlClient) };
  afterEach(() => {
    sts.reset();
    for (const m of Object.values(mocks)) m.reset();
  });
  const clients = {
    s3: () => new S3Client({ region: 'us-west-2' }),
    ec2: () => new EC2Client({ region: 'us-west-2' }),
    rds: () => new RDSClient({ region: 'us-west-2' }),
    s3control: () => new S3ControlClient({ region: 'us-west-2' }),
    config: () => new ConfigServiceClient({ region: 'us-west-2' }),
  };

  it('exact counts per rule; an AccessDenied public access block is an ERROR, never compliant', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    stubPlacebo(mocks.s3.on(ListBucketsCommand), 'test_s3_public_block_throws_errors__s3.ListBuckets_1.json');
    mocks.s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'us-west-2' });
    stubPlacebo(
      mocks.s3.on(GetBucketEncryptionCommand),
      'test_s3_bucket_encryption_disabled__s3.GetBucketEncryption_1.json',
    );
    stubPlacebo(mocks.s3.on(GetPublicAccessBlockCommand), 'test_s3_check_public_block__s3.GetPublicAccessBlock_3.json');
    stubPlacebo(mocks.s3.on(GetBucketTaggingCommand), 'test_s3_normalize_initstate__s3.GetBucketTagging_1.json');
    stubPlacebo(
      mocks.s3control.on(GetAccountPublicAccessBlockCommand),
      'test_s3_check_public_block__s3.GetPublicAccessBlock_2.json',
    );
    stubPlacebo(mocks.ec2.on(DescribeInstancesCommand), 'test_ec2_resize__ec2.DescribeInstances_1.json');
    stubPlacebo(mocks.ec2.on(DescribeSecurityGroupsCommand), 'sg_used_cross_ref__ec2.DescribeSecurityGroups_1.json');
    stubPlacebo(mocks.ec2.on(DescribeVolumesCommand), 'test_ebs_aws_managed_kms_keys__ec2.DescribeVolumes_1.json');
    stubPlacebo(mocks.ec2.on(DescribeVpcsCommand), 'test_ec2_default_vpc__ec2.DescribeVpcs_1.json');
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    mocks.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });

    const collected = await collectAccountLive(
      { accountId: '644160558196', alias: 'custodian', regions: ['us-west-2'] },
      {
        credentials: createCredentialCache({ sts: new STSClient({ region: 'us-east-1' }), roleName: 'WardenAudit' }),
        ...clients,
        client: (client, region) => new client({ region }),
        // The services recorded here; the other collectors have contract tests of their own.
        resourceTypes: S3_EC2_RDS_TYPES,
      },
    );
    expect(collected.regionErrors).toEqual([]);
    const result = evaluateResources(collected.items, activeRules(parseWardenConfig({})));
    // Every registered rule is evaluated, once per collected item of its types (derived from the registry)...
    expect(Object.keys(result.counts).sort()).toEqual(RULES.map((r) => r.id as string).sort());
    for (const r of RULES) {
      const applicable = collected.items.filter((ci) =>
        (r.resourceTypes as readonly string[]).includes(ci.resourceType),
      );
      const counted = Object.values(result.counts[r.id] ?? {}).reduce((a, b) => a + b, 0);
      expect(counted, r.id).toBe(applicable.length);
    }
    // ...with these exact outcomes on the recorded data.
    expect(result.counts).toMatchObject({
      's3-bucket-encryption': { COMPLIANT: 0, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, ERROR: 0 },
      's3-bucket-public-access-block': { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 1 },
      'ec2-instance-required-tags': { COMPLIANT: 0, NON_COMPLIANT: 3, NOT_APPLICABLE: 3, ERROR: 0 },
      'ec2-instance-admin-security-group': { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 6, ERROR: 0 },
      'ec2-security-group-open-ingress': { COMPLIANT: 4, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 0 },
      'ec2-volume-encryption': { COMPLIANT: 2, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, ERROR: 0 },
    });
    const pabError = result.findings.find((f) => f.ruleId === 's3-bucket-public-access-block');
    expect(pabError?.message).toBe(
      'could not evaluate: PublicAccessBlockConfiguration could not be read (AccessDenied); the resource is neither compliant nor non-compliant until it can be read',
    );
    // 1 bucket, 1 account block, 6 instances, 4 groups, 3 volumes, 1 VPC.
    expect(collected.items).toHaveLength(16);
    // Evaluated: the items of a type some registered rule evaluates (today all but the account block and the VPC).
    const evaluatedTypes = new Set<string>(RULES.flatMap((r) => [...r.resourceTypes]));
    expect(result.resourcesEvaluated).toBe(collected.items.filter((ci) => evaluatedTypes.has(ci.resourceType)).length);
  });
});

describe('contract: SelectResourceConfig recordings -> rules', () => {
  const config = mockClient(ConfigServiceClient);
  afterEach(() => config.reset());

  it('the recorded security-group row (ipRanges and ipv4Ranges) is compliant; the empty answer yields nothing', async () => {
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
    const response = placeboResponse('test_security_group_config_source__config.SelectResourceConfig_1.json');
    if (!response.ok) throw new Error('expected output');
    // Warden's query also selects resourceType (Custodian's did not): add it to the recorded row.
    const rows = (response.output.Results as string[]).map((row) =>
      JSON.stringify({ resourceType: 'AWS::EC2::SecurityGroup', ...(JSON.parse(row) as object) }),
    );
    config.on(SelectResourceConfigCommand).resolves({ Results: rows });
    const items = await collectWithSelect(new ConfigServiceClient({ region: 'us-east-1' }), ACCOUNT, 'us-east-1');
    expect(items.map((ci) => ci.resourceId)).toEqual(['sg-6c7fa917']);
    expect(statuses('ec2-security-group-open-ingress', items)).toEqual({ 'sg-6c7fa917': 'COMPLIANT' });

    config.reset();
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
    stubPlacebo(config.on(SelectResourceConfigCommand), 'test_ecs_service_config__config.SelectResourceConfig_1.json');
    expect(await collectWithSelect(new ConfigServiceClient({ region: 'us-east-1' }), ACCOUNT, 'us-east-1')).toEqual([]);
  });
});

describe('contract: DescribeVpcs recordings', () => {
  it('collects the default VPC, four VPCs, and nothing from the empty answer', async () => {
    for (const [file, count] of [
      ['test_ec2_default_vpc__ec2.DescribeVpcs_1.json', 1],
      ['test_vpc_delete_flow_logs__ec2.DescribeVpcs_1.json', 4],
      ['test_vpc_delete__ec2.DescribeVpcs_2.json', 0],
    ] as const) {
      ec2.reset();
      stubPlacebo(ec2.on(DescribeVpcsCommand), file);
      expect(await collectVpcs(ec2Client(), ACCOUNT, 'us-east-1'), file).toHaveLength(count);
    }
  });
});
