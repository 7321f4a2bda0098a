/**
 * The recorded-response stubs of `apiCalls` for the services the catalogue added beside S3, EC2 and
 * RDS: IAM (global: users with a key each, customer managed policies), the account baseline
 * (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults), so the figure counts every call a
 * whole-account sweep makes and no read reaches AWS. IAM lists answer `Marker`/`IsTruncated` as IAM
 * does (100 per page).
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { type EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

/** The IAM estate of the bench account. */
const IAM_ESTATE = { users: 250, policies: 40 } as const;
const CREATED = new Date('2025-01-01T00:00:00Z');

/** A page of `all` as IAM answers `MaxItems`/`Marker` (the marker is the next offset). */
function iamPage<T>(all: readonly T[], input: { MaxItems?: number; Marker?: string }) {
  const start = input.Marker === undefined ? 0 : Number(input.Marker);
  const end = Math.min(all.length, start + (input.MaxItems ?? 100));
  return {
    items: all.slice(start, end),
    IsTruncated: end < all.length,
    ...(end < all.length ? { Marker: String(end) } : {}),
  };
}

function noSuchEntity(message: string): Error {
  return Object.assign(new Error(message), { name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
}

function stubIam(account: string): AwsClientStub<IAMClient> {
  const iam = mockClient(IAMClient);
  const users = Array.from({ length: IAM_ESTATE.users }, (_, i) => ({
    UserName: `user-${i}`,
    UserId: `AIDA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${account}:user/user-${i}`,
    Path: '/',
    CreateDate: CREATED,
  }));
  const policies = Array.from({ length: IAM_ESTATE.policies }, (_, i) => ({
    PolicyName: `policy-${i}`,
    PolicyId: `ANPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${account}:policy/policy-${i}`,
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    CreateDate: CREATED,
  }));
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
  iam
    .on(GetAccountPasswordPolicyCommand)
    .resolves({ PasswordPolicy: { MinimumPasswordLength: 14, PasswordReusePrevention: 24 } });
  iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
  iam.on(ListUsersCommand).callsFake((input) => {
    const p = iamPage(users, input);
    return { Users: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  });
  iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListGroupsForUserCommand).resolves({
    Groups: [{ GroupName: 'developers', GroupId: 'AGPA', Arn: 'g', Path: '/', CreateDate: CREATED }],
    IsTruncated: false,
  });
  iam.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
  iam.on(ListAccessKeysCommand).callsFake((input: { UserName?: string }) => ({
    AccessKeyMetadata: [
      { UserName: input.UserName, AccessKeyId: `AKIA${input.UserName}`, Status: 'Active', CreateDate: CREATED },
    ],
    IsTruncated: false,
  }));
  iam
    .on(GetAccessKeyLastUsedCommand)
    .resolves({ AccessKeyLastUsed: { LastUsedDate: CREATED, ServiceName: 's3', Region: 'us-east-1' } });
  iam.on(GetLoginProfileCommand).rejects(noSuchEntity('Login Profile for User cannot be found.'));
  iam.on(ListPoliciesCommand).callsFake((input) => {
    const p = iamPage(policies, input);
    return { Policies: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  });
  iam.on(GetPolicyVersionCommand).resolves({
    PolicyVersion: {
      VersionId: 'v1',
      IsDefaultVersion: true,
      Document: encodeURIComponent(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      ),
    },
  });
  return iam;
}

/** One multi-region trail homed in `home`, logging; Config recording everything; GuardDuty and Security Hub on. */
function stubBaseline(account: string, home: string, ec2: AwsClientStub<EC2Client>) {
  const cloudtrail = mockClient(CloudTrailClient);
  const config = mockClient(ConfigServiceClient);
  const guardduty = mockClient(GuardDutyClient);
  const securityhub = mockClient(SecurityHubClient);
  const trail = {
    Name: 'org-trail',
    TrailARN: `arn:aws:cloudtrail:${home}:${account}:trail/org-trail`,
    HomeRegion: home,
    IsMultiRegionTrail: true,
    LogFileValidationEnabled: true,
    KmsKeyId: `arn:aws:kms:${home}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    S3BucketName: 'org-trail-logs',
  };
  cloudtrail.on(DescribeTrailsCommand).callsFake(async (input, getClient) => {
    const region = await getClient().config.region();
    return { trailList: input.includeShadowTrails === true || region === home ? [trail] : [] };
  });
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  cloudtrail.on(GetEventSelectorsCommand).resolves({
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
  });
  config.on(DescribeConfigurationRecordersCommand).resolves({
    ConfigurationRecorders: [
      {
        name: 'default',
        roleARN: `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
    ],
  });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({
    ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }],
  });
  guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['12abc34d567e8fa901bc2d34e56789f0'] });
  guardduty.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'r', CreatedAt: '2025-01-01T00:00:00Z' });
  securityhub.on(DescribeHubCommand).callsFake(async (_input, getClient) => ({
    HubArn: `arn:aws:securityhub:${await getClient().config.region()}:${account}:hub/default`,
    SubscribedAt: '2025-01-01T00:00:00.000Z',
  }));
  ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
  ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
  return { cloudtrail, config, guardduty, securityhub };
}

export { IAM_ESTATE, stubBaseline, stubIam };
