import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeTagsCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRemediate } from '../../../tasks/remediate/remediate';
import { contextOf } from '../../../tasks/rules/context';
import { ec2InstanceAdminSecurityGroup } from '../../../tasks/rules/ec2/ec2-instance-admin-security-group';
import { ec2InstanceRequiredTags } from '../../../tasks/rules/ec2/ec2-instance-required-tags';
import { ec2SecurityGroupOpenIngress } from '../../../tasks/rules/ec2/ec2-security-group-open-ingress';
import { ec2VolumeEncryption } from '../../../tasks/rules/ec2/ec2-volume-encryption';
import type { EvaluationContext, Rule } from '../../../tasks/rules/rule';
import { s3BucketPublicAccessBlock } from '../../../tasks/rules/s3/s3-bucket-public-access-block';
import { fixedKillSwitch } from '../../../tasks/shared/kill-switch';
import type { ConfigurationItem, Finding } from '../../../tasks/shared/model';
import { makeCi } from '../../support/ci-builder';
import { otherClients } from '../../support/other-clients';
import { bucketFinding, SWEEP, TARGET } from '../../support/sweep-fixtures';

const s3 = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(s3);
const ec2 = new EC2Client({ region: 'us-east-1' });
const ec2Mock = mockClient(ec2);
const s3control = new S3ControlClient({ region: 'us-east-1' });
const s3controlMock = mockClient(s3control);
const clients = { s3, ec2, s3control, of: otherClients };
const NOW = () => new Date('2026-11-22T06:05:00Z');

function item(finding = bucketFinding('logs'), sweep = SWEEP) {
  return {
    finding: { ...finding, decision: 'REMEDIATE' },
    target: TARGET,
    sweep,
    remediation: { outcome: 'NOT_ATTEMPTED' },
    notification: { subject: 's', message: 'm', attributes: {} },
    notified: { status: 'NOT_SENT' },
    ledger: { status: 'NOT_WRITTEN' },
  };
}

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);

beforeEach(() => {
  s3Mock.reset();
  ec2Mock.reset();
  s3controlMock.reset();
  ddbMock.reset();
});

const awsError = (name: string) => Object.assign(new Error(name), { name });
const KMS_KEY = 'arn:aws:kms:us-east-1:111111111111:key/e1d7c355-8b0d-4adf-8a26-f9e88d17b5a6';
const kmsConfiguration = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_KEY } }],
} as const;
const aes256Configuration = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } as const;

/** The bucket as S3 answers for it now: in us-east-1, no block, no tags, this encryption (or its error). */
function liveBucket(...encryption: Array<object | Error>) {
  s3Mock.on(GetBucketLocationCommand).resolves({});
  s3Mock.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
  s3Mock.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet'));
  s3controlMock.on(GetAccountPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
  let get = s3Mock.on(GetBucketEncryptionCommand);
  for (const answer of encryption) {
    get =
      answer instanceof Error
        ? get.rejectsOnce(answer)
        : get.resolvesOnce({ ServerSideEncryptionConfiguration: answer as never });
  }
}

/** A finding of `rule` on `ci`, decided REMEDIATE, with the plan the evaluation made. */
function findingOf<P>(rule: Rule<P>, ci: ConfigurationItem, params: P, context?: EvaluationContext): Finding {
  const evaluation = rule.evaluate(ci, params, context);
  return {
    findingId: `f-${ci.resourceId}`,
    ruleId: rule.id,
    severity: rule.severity,
    accountId: ci.accountId,
    region: ci.region,
    resourceType: ci.resourceType,
    resourceId: ci.resourceId,
    arn: ci.arn,
    status: 'NON_COMPLIANT',
    message: evaluation.message,
    ...(evaluation.evidence === undefined ? {} : { evidence: evaluation.evidence }),
    tags: ci.tags,
    plan: rule.remediation?.plan(ci, params, context) ?? [],
  };
}

describe('Remediate', () => {
  it('applies the plan with the member-account clients and reads the result back', async () => {
    liveBucket(awsError('ServerSideEncryptionConfigurationNotFoundError'), aes256Configuration);
    s3Mock.on(PutBucketEncryptionCommand).resolves({});
    const asked: string[] = [];
    const remediate = createRemediate({
      clientsFor: async (account, region) => {
        asked.push(`${account}/${region}`);
        return clients;
      },
      now: NOW,
    });
    const out = await remediate(item());
    expect(asked).toEqual(['111111111111/us-east-1']);
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)[0]?.args[0].input).toEqual(
      bucketFinding('logs').plan?.[0]?.input,
    );
    expect(out.remediation).toMatchObject({ outcome: 'SUCCEEDED', at: '2026-11-22T06:05:00.000Z' });
    expect(out.remediation.after).toBeTruthy();
    expect(out.notification.subject).toContain('s3-bucket-encryption');
    // The item passes through: the later states read finding/target/sweep from it.
    expect(out).toMatchObject({ finding: { findingId: 'f-logs' }, target: TARGET, sweep: SWEEP });
  });

  it('plans and sends nothing in a dry run', async () => {
    const remediate = createRemediate({ clientsFor: async () => clients, now: NOW });
    const out = await remediate(item(bucketFinding('logs'), { ...SWEEP, dryRun: true }));
    expect(out.remediation.outcome).toBe('PLANNED');
    expect(out.remediation.apiCalls).toEqual(bucketFinding('logs').plan);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('plans and sends nothing offline (no clients)', async () => {
    const out = await createRemediate({ now: NOW })(item());
    expect(out.remediation.outcome).toBe('PLANNED');
  });

  it('records a failed call as outcome FAILED with the error, without throwing', async () => {
    liveBucket(awsError('ServerSideEncryptionConfigurationNotFoundError'));
    s3Mock.on(PutBucketEncryptionCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const out = await createRemediate({ clientsFor: async () => clients, now: NOW })(item());
    expect(out.remediation).toMatchObject({ outcome: 'FAILED', error: 'AccessDenied: Access Denied' });
  });

  it('lets throttling propagate so the state Retry backs off (nothing was sent)', async () => {
    liveBucket(awsError('ServerSideEncryptionConfigurationNotFoundError'));
    s3Mock.on(PutBucketEncryptionCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    await expect(createRemediate({ clientsFor: async () => clients, now: NOW })(item())).rejects.toMatchObject({
      name: 'SlowDown',
    });
  });

  it('refuses a finding without a plan', async () => {
    const out = await createRemediate({ clientsFor: async () => clients, now: NOW })(
      item(bucketFinding('logs', { plan: [] })),
    );
    expect(out.remediation).toMatchObject({ outcome: 'FAILED', error: expect.stringContaining('no remediation plan') });
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it.each([
    [
      'names another bucket',
      { Bucket: 'someone-elses-bucket', ExpectedBucketOwner: TARGET.accountId },
      'PutBucketEncryption',
    ],
    ['is an operation the rule does not declare', { Bucket: 'logs' }, 'DeleteBucketEncryption'],
  ])('refuses, right before sending, a plan that %s: FAILED, nothing sent', async (_what, input, operation) => {
    liveBucket(awsError('ServerSideEncryptionConfigurationNotFoundError'));
    const tampered = bucketFinding('logs', { plan: [{ service: 's3', operation, input }] });
    const out = await createRemediate({ clientsFor: async () => clients, now: NOW })(item(tampered));
    expect(out.remediation).toMatchObject({
      outcome: 'FAILED',
      sent: false,
      error: expect.stringMatching(/^PlanOutsideDeclarationError: s3-bucket-encryption may not plan s3:/),
    });
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(0);
  });

  it('re-reads the kill switch and sends nothing when it was pulled after the decision', async () => {
    const out = await createRemediate({
      clientsFor: async () => clients,
      killSwitch: fixedKillSwitch('notify'),
      now: NOW,
    })(item());
    expect(out.remediation.outcome).toBe('PLANNED');
    expect(out.finding).toMatchObject({ decision: 'NOTIFY', decisionReason: 'not remediated: kill switch is notify' });
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('breaks the loop: a resource fixed 3 times in 7 days is not fixed again, and the stack is named', async () => {
    ddbMock.on(QueryCommand).resolves({ Count: 3, Items: [] });
    const finding = bucketFinding('logs', {
      iac: {
        tool: 'cloudformation',
        stack: 'payments-core',
        logicalId: 'Logs',
        propertyPath: 'P',
        suggestedChange: 'c',
      },
    });
    const out = await createRemediate({
      clientsFor: async () => clients,
      loopBreaker: { ddb, ledgerTable: 'Ledger' },
      now: NOW,
    })(item(finding));
    const query = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query).toMatchObject({
      TableName: 'Ledger',
      ExpressionAttributeValues: { ':f': 'f-logs', ':since': '2026-11-15T06:05:00.000Z' },
    });
    expect(out.remediation.outcome).toBe('SKIPPED_LOOP');
    expect(out.finding.decision).toBe('NOTIFY');
    expect(out.finding.decisionReason).toContain('stack payments-core keeps reverting this');
    expect(out.notification.message).toContain('SKIPPED_LOOP');
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('remediates below the loop threshold', async () => {
    ddbMock.on(QueryCommand).resolves({ Count: 2, Items: [] });
    liveBucket(awsError('ServerSideEncryptionConfigurationNotFoundError'), aes256Configuration);
    s3Mock.on(PutBucketEncryptionCommand).resolves({});
    const out = await createRemediate({
      clientsFor: async () => clients,
      loopBreaker: { ddb, ledgerTable: 'Ledger' },
      now: NOW,
    })(item());
    expect(out.remediation.outcome).toBe('SUCCEEDED');
  });
});

describe('Remediate re-reads the live state before writing and verifies after (issue 14 items 3 and 9)', () => {
  const remediate = (rules?: Parameters<typeof createRemediate>[0]['rules']) =>
    createRemediate({ clientsFor: async () => clients, now: NOW, ...(rules === undefined ? {} : { rules }) });

  it('a stale finding (captured before a KMS key was set) sends nothing: SKIPPED_ALREADY_COMPLIANT', async () => {
    liveBucket(kmsConfiguration);
    const out = await remediate()(item());
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(0);
    expect(out.remediation).toMatchObject({ outcome: 'SKIPPED_ALREADY_COMPLIANT', sent: false });
    expect(out.remediation.reason).toContain('aws:kms');
    expect(out.notification.message).toContain('Nothing was sent');
  });

  it('SUCCEEDED only when the read-back is compliant; before and after are the live evidence', async () => {
    liveBucket(awsError('ServerSideEncryptionConfigurationNotFoundError'), aes256Configuration);
    s3Mock.on(PutBucketEncryptionCommand).resolves({});
    const out = await remediate()(item());
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(1);
    expect(out.remediation).toMatchObject({
      outcome: 'SUCCEEDED',
      sent: true,
      before: { algorithms: [] },
      after: { algorithms: ['AES256'] },
    });
  });

  it('a write that succeeded but whose read-back got AccessDenied is SENT_UNVERIFIED, not FAILED', async () => {
    liveBucket(awsError('ServerSideEncryptionConfigurationNotFoundError'), awsError('AccessDenied'));
    s3Mock.on(PutBucketEncryptionCommand).resolves({});
    const out = await remediate()(item());
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(1);
    expect(out.remediation).toMatchObject({ outcome: 'SENT_UNVERIFIED', sent: true });
    expect(out.remediation.error).toContain('reading the resource back failed');
    expect(out.notification.message).toContain('could not verify');
  });

  it('a write whose read-back is still non-compliant is FAILED, with the live state as after', async () => {
    liveBucket(
      awsError('ServerSideEncryptionConfigurationNotFoundError'),
      awsError('ServerSideEncryptionConfigurationNotFoundError'),
    );
    s3Mock.on(PutBucketEncryptionCommand).resolves({});
    const out = await remediate()(item());
    expect(out.remediation).toMatchObject({ outcome: 'FAILED', sent: true, after: { algorithms: [] } });
    expect(out.remediation.error).toContain('non compliant');
  });

  it('a live state that cannot be read sends nothing: FAILED', async () => {
    liveBucket(awsError('AccessDenied'));
    const out = await remediate()(item());
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(0);
    expect(out.remediation).toMatchObject({ outcome: 'FAILED', sent: false });
    expect(out.remediation.error).toContain('nothing was sent');
  });

  it('the loop breaker counts sends that succeeded: SUCCEEDED and SENT_UNVERIFIED', async () => {
    ddbMock.on(QueryCommand).resolves({ Count: 3, Items: [] });
    await createRemediate({ clientsFor: async () => clients, loopBreaker: { ddb, ledgerTable: 'Ledger' }, now: NOW })(
      item(),
    );
    const query = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    const counted = Object.entries(query?.ExpressionAttributeValues ?? {})
      .filter(([name]) => (query?.FilterExpression ?? '').includes(name))
      .map(([, value]) => value);
    expect(counted.sort()).toEqual(['SENT_UNVERIFIED', 'SUCCEEDED']);
  });

  describe('open ingress on protocol 50 (ESP), stored by EC2 with ports -1', () => {
    const sgId = 'sg-0123456789abcdef0';
    const esp = (cidrs: string[]) => ({
      SecurityGroups: [
        {
          GroupId: sgId,
          GroupName: 'vpn',
          VpcId: 'vpc-0abc',
          OwnerId: TARGET.accountId,
          IpPermissions: [
            { IpProtocol: '50', FromPort: -1, ToPort: -1, IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) },
          ],
        },
      ],
    });
    const params = ec2SecurityGroupOpenIngress.parameters.parse({});
    // The finding was planned from a Config item that records no ports for protocol 50.
    const ci = makeCi({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: sgId,
      accountId: TARGET.accountId,
      configuration: {
        groupId: sgId,
        groupName: 'vpn',
        vpcId: 'vpc-0abc',
        ipPermissions: [{ ipProtocol: '50', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }],
      },
    });
    const finding = () => findingOf(ec2SecurityGroupOpenIngress, ci, params);

    it('revokes exactly what AWS stored (IpProtocol 50, no ports) and verifies it is gone', async () => {
      ec2Mock
        .on(DescribeSecurityGroupsCommand)
        .resolvesOnce(esp(['0.0.0.0/0', '10.0.0.0/8']))
        .resolvesOnce(esp(['10.0.0.0/8']));
      ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
      const out = await remediate()(item(finding()));
      expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
        { GroupId: sgId, IpPermissions: [{ IpProtocol: '50', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      ]);
      expect(out.remediation.outcome).toBe('SUCCEEDED');
    });

    it('never reports SUCCEEDED while 0.0.0.0/0 is still there after the write', async () => {
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves(esp(['0.0.0.0/0']));
      ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
      const out = await remediate()(item(finding()));
      expect(out.remediation.outcome).toBe('FAILED');
      expect(out.remediation.after).toMatchObject({ offending: [{ protocol: '50', ipv4: ['0.0.0.0/0'] }] });
    });
  });

  describe('every remediable rule sends nothing when the live state is already compliant', () => {
    const INSTANCE = 'i-0123456789abcdef0';
    const ADMIN = 'sg-0a1b2c3d4e5f60718';
    const instance = (groups: string[], tags: Record<string, string>) => ({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: INSTANCE,
              State: { Name: 'running' as const },
              VpcId: 'vpc-0abc',
              SecurityGroups: groups.map((GroupId) => ({ GroupId })),
              Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            },
          ],
        },
      ],
    });
    const instanceCi = (groups: string[], tags: Record<string, string>) =>
      makeCi({
        resourceType: 'AWS::EC2::Instance',
        resourceId: INSTANCE,
        accountId: TARGET.accountId,
        configuration: {
          instanceId: INSTANCE,
          state: { name: 'running' },
          vpcId: 'vpc-0abc',
          securityGroups: groups.map((groupId) => ({ groupId })),
        },
        tags,
      });
    const adminSg = makeCi({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: ADMIN,
      accountId: TARGET.accountId,
      configuration: { groupId: ADMIN, groupName: 'warden-admin', vpcId: 'vpc-0abc', ipPermissions: [] },
    });

    it('s3-bucket-public-access-block: the bucket blocks public access by now', async () => {
      liveBucket(aes256Configuration);
      s3Mock.on(GetPublicAccessBlockCommand).resolves({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      });
      const params = s3BucketPublicAccessBlock.parameters.parse({});
      const stale = makeCi({ resourceType: 'AWS::S3::Bucket', resourceId: 'site', accountId: TARGET.accountId });
      const out = await remediate()(
        item(findingOf(s3BucketPublicAccessBlock, stale, params, contextOf(stale, [stale]))),
      );
      expect(s3Mock.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
      expect(out.remediation.outcome).toBe('SKIPPED_ALREADY_COMPLIANT');
    });

    it('the live re-read reads only the related types the rule declares (what its read permissions cover)', async () => {
      ec2Mock.on(DescribeInstancesCommand).resolves(instance(['sg-1'], { Owner: 'a', CostCenter: 'b' }));
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
      const tags = ec2InstanceRequiredTags.parameters.parse({});
      await remediate()(item(findingOf(ec2InstanceRequiredTags, instanceCi(['sg-1'], {}), tags)));
      // The tags rule reads no security group, and its derived permissions hold no DescribeSecurityGroups.
      expect(ec2InstanceRequiredTags.permissions.read).not.toContain('ec2:DescribeSecurityGroups');
      expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(0);
      expect(ec2InstanceAdminSecurityGroup.relatedTypes).toEqual(['AWS::EC2::SecurityGroup']);
    });

    it('ec2-instance-required-tags: the tags were added by now', async () => {
      ec2Mock.on(DescribeInstancesCommand).resolves(instance(['sg-1'], { Owner: 'a', CostCenter: 'b' }));
      ec2Mock.on(DescribeTagsCommand).resolves({ Tags: [] });
      const params = ec2InstanceRequiredTags.parameters.parse({});
      const out = await remediate()(item(findingOf(ec2InstanceRequiredTags, instanceCi(['sg-1'], {}), params)));
      expect(ec2Mock.commandCalls(CreateTagsCommand)).toHaveLength(0);
      expect(out.remediation.outcome).toBe('SKIPPED_ALREADY_COMPLIANT');
    });

    it('ec2-instance-required-tags: placeholders added are the remediation done, while the finding stays for a person (issue 20 item 7)', async () => {
      ec2Mock
        .on(DescribeInstancesCommand)
        .resolvesOnce(instance(['sg-1'], {}))
        .resolves(instance(['sg-1'], { Owner: 'unassigned', CostCenter: 'unassigned' }));
      ec2Mock.on(CreateTagsCommand).resolves({});
      const params = ec2InstanceRequiredTags.parameters.parse({});
      const out = await remediate()(item(findingOf(ec2InstanceRequiredTags, instanceCi(['sg-1'], {}), params)));
      expect(ec2Mock.commandCalls(CreateTagsCommand)).toHaveLength(1);
      expect(out.remediation.outcome).toBe('SUCCEEDED');
      expect(out.remediation.reason).toMatch(
        /^verified: the remediation has nothing left to do; what remains needs a person: .* still has the placeholder Owner=unassigned, CostCenter=unassigned/,
      );
    });

    it('ec2-instance-admin-security-group: the instance carries the group by now', async () => {
      ec2Mock.on(DescribeInstancesCommand).resolves(instance(['sg-1', ADMIN], {}));
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves({
        SecurityGroups: [{ GroupId: ADMIN, GroupName: 'warden-admin', VpcId: 'vpc-0abc', IpPermissions: [] }],
      });
      const params = ec2InstanceAdminSecurityGroup.parameters.parse({ adminSecurityGroup: { id: ADMIN } });
      const stale = instanceCi(['sg-1'], {});
      const finding = findingOf(ec2InstanceAdminSecurityGroup, stale, params, contextOf(stale, [stale, adminSg]));
      expect(finding.plan).toHaveLength(1);
      const out = await remediate([{ rule: ec2InstanceAdminSecurityGroup as never, mode: 'remediate', params }])(
        item(finding),
      );
      expect(ec2Mock.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(0);
      expect(out.remediation.outcome).toBe('SKIPPED_ALREADY_COMPLIANT');
    });

    it('the send-time guard checks an interface against the instance as read now: its own primary one is sent, a foreign one is not', async () => {
      const enis = (admin: boolean) => [
        {
          NetworkInterfaceId: 'eni-primary',
          Attachment: { DeviceIndex: 0 },
          Groups: [{ GroupId: 'sg-1' }, ...(admin ? [{ GroupId: ADMIN }] : [])],
        },
        { NetworkInterfaceId: 'eni-second', Attachment: { DeviceIndex: 1 }, Groups: [{ GroupId: 'sg-2' }] },
      ];
      const live = (admin: boolean) => {
        const answer = instance(['sg-1', 'sg-2'], {});
        return {
          Reservations: [{ Instances: [{ ...answer.Reservations[0]!.Instances[0]!, NetworkInterfaces: enis(admin) }] }],
        };
      };
      ec2Mock.on(DescribeInstancesCommand).resolvesOnce(live(false)).resolves(live(true));
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves({
        SecurityGroups: [{ GroupId: ADMIN, GroupName: 'warden-admin', VpcId: 'vpc-0abc', IpPermissions: [] }],
      });
      ec2Mock.on(ModifyNetworkInterfaceAttributeCommand).resolves({});
      const params = ec2InstanceAdminSecurityGroup.parameters.parse({ adminSecurityGroup: { id: ADMIN } });
      const rules = [{ rule: ec2InstanceAdminSecurityGroup as never, mode: 'remediate' as const, params }];
      const modify = (NetworkInterfaceId: string) => ({
        service: 'ec2',
        operation: 'ModifyNetworkInterfaceAttribute',
        input: { NetworkInterfaceId, Groups: ['sg-1', ADMIN] },
      });
      const stale = instanceCi(['sg-1', 'sg-2'], {});
      const base = findingOf(ec2InstanceAdminSecurityGroup, stale, params, contextOf(stale, [stale, adminSg]));

      const own = await remediate(rules)(item({ ...base, plan: [modify('eni-primary')] }));
      expect(own.remediation.outcome).toBe('SUCCEEDED');
      expect(ec2Mock.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((c) => c.args[0].input)).toEqual([
        { NetworkInterfaceId: 'eni-primary', Groups: ['sg-1', ADMIN] },
      ]);

      ec2Mock.resetHistory();
      ec2Mock.on(DescribeInstancesCommand).resolves(live(false));
      const foreign = await remediate(rules)(item({ ...base, plan: [modify('eni-of-another-instance')] }));
      expect(foreign.remediation).toMatchObject({ outcome: 'FAILED', sent: false });
      expect(foreign.remediation.error).toContain('not one of i-0123456789abcdef0');
      expect(ec2Mock.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    });

    it('ec2-security-group-open-ingress: the world range was removed by now', async () => {
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves({
        SecurityGroups: [
          {
            GroupId: 'sg-0123456789abcdef0',
            GroupName: 'web',
            VpcId: 'vpc-0abc',
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
          },
        ],
      });
      const params = ec2SecurityGroupOpenIngress.parameters.parse({});
      const stale = makeCi({
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0123456789abcdef0',
        accountId: TARGET.accountId,
        configuration: {
          groupId: 'sg-0123456789abcdef0',
          ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }],
        },
      });
      const out = await remediate()(item(findingOf(ec2SecurityGroupOpenIngress, stale, params)));
      expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
      expect(out.remediation.outcome).toBe('SKIPPED_ALREADY_COMPLIANT');
    });

    it('ec2-volume-encryption (account level): EBS encryption by default is on by now', async () => {
      ec2Mock.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
      const params = ec2VolumeEncryption.parameters.parse({ enableEbsEncryptionByDefault: true });
      const volume = makeCi({
        resourceType: 'AWS::EC2::Volume',
        resourceId: 'vol-0123456789abcdef0',
        accountId: TARGET.accountId,
        configuration: { encrypted: false, state: 'in-use' },
      });
      const out = await remediate([{ rule: ec2VolumeEncryption as never, mode: 'remediate', params }])(
        item(findingOf(ec2VolumeEncryption, volume, params)),
      );
      expect(ec2Mock.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(0);
      expect(out.remediation.outcome).toBe('SKIPPED_ALREADY_COMPLIANT');
    });
  });
});

describe('Remediate: immediate notices and owner routing (issue 20 item 10)', () => {
  it('marks a HIGH remediation for the digest only when immediateSeverity is CRITICAL, and a CRITICAL one immediate', async () => {
    const remediate = createRemediate({ now: NOW, immediateSeverity: 'CRITICAL' });
    const high = await remediate(item(bucketFinding('logs', { severity: 'HIGH' })));
    const critical = await remediate(item(bucketFinding('logs', { severity: 'CRITICAL' })));
    expect([high.remediation.outcome, high.immediate]).toEqual(['PLANNED', false]);
    expect([critical.remediation.outcome, critical.immediate]).toEqual(['PLANNED', true]);
    // Lowered to HIGH, the HIGH one is sent on its own too; the default is CRITICAL.
    expect((await createRemediate({ now: NOW, immediateSeverity: 'HIGH' })(item())).immediate).toBe(true);
    expect((await createRemediate({ now: NOW })(item())).immediate).toBe(false);
  });

  it("addresses the notification to the resource's owner tag, then its stack's owner, then the account's", async () => {
    const owners = { ownerTagKey: 'team', stackOwners: { 'logs-stack': 'logs-team@example.com' } };
    const remediate = createRemediate({ now: NOW, owners });
    const tagged = await remediate(item(bucketFinding('logs', { tags: { team: 'j.doe', Owner: 'x' } })));
    expect(tagged.notification.attributes).toMatchObject({ owner: 'j.doe', ownerSource: 'tag' });
    expect(tagged.notification.message).toContain("Owner: j.doe (the resource's owner tag)");
    const stacked = await remediate(
      item(bucketFinding('logs', { tags: { team: 'unassigned', 'aws:cloudformation:stack-name': 'logs-stack' } })),
    );
    expect(stacked.notification.attributes).toMatchObject({ owner: 'logs-team@example.com', ownerSource: 'stack' });
    const account = await remediate(item());
    expect(account.notification.attributes).toMatchObject({ owner: TARGET.owner, ownerSource: 'account' });
  });
});
