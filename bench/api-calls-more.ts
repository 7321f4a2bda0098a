/**
 * The recorded-response stubs of `apiCalls` for the services the catalogue added beside S3, EC2 and
 * RDS: IAM (global: users with a key each, customer managed policies), the account baseline
 * (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults), KMS keys, DynamoDB tables and Lambda
 * functions (per region), so the figure counts every call a
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
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
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
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

/** The IAM estate of the bench account. */
const IAM_ESTATE = { users: 250, policies: 40 } as const;
/** Per region with data: customer managed keys, tables, functions. */
const DATA_ESTATE = { keys: 60, tables: 40, functions: 150 } as const;
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

/** Keys, tables and functions in `home` (other regions empty), each listing paged as the service pages it. */
function stubDataServices(account: string, home: string) {
  const kms = mockClient(KMSClient);
  const dynamodb = mockClient(DynamoDBClient);
  const lambda = mockClient(LambdaClient);
  const inHome = async (getClient: () => { config: { region: () => Promise<string> } }) =>
    (await getClient().config.region()) === home;
  const keyIds = Array.from(
    { length: DATA_ESTATE.keys },
    (_, i) => `1234abcd-12ab-34cd-56ef-${String(i).padStart(12, '0')}`,
  );
  kms.on(ListKeysCommand).callsFake(async (input, getClient) => {
    const all = (await inHome(getClient)) ? keyIds : [];
    const start = input.Marker === undefined ? 0 : Number(input.Marker);
    const end = Math.min(all.length, start + (input.Limit ?? 100));
    return {
      Keys: all.slice(start, end).map((KeyId) => ({ KeyId, KeyArn: `arn:aws:kms:${home}:${account}:key/${KeyId}` })),
      Truncated: end < all.length,
      ...(end < all.length ? { NextMarker: String(end) } : {}),
    };
  });
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId?: string }) => ({
    KeyMetadata: {
      KeyId: input.KeyId,
      Arn: `arn:aws:kms:${home}:${account}:key/${input.KeyId}`,
      KeyManager: 'CUSTOMER',
      KeyState: 'Enabled',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Origin: 'AWS_KMS',
      Enabled: true,
      CreationDate: CREATED,
    },
  }));
  kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  const tables = Array.from({ length: DATA_ESTATE.tables }, (_, i) => `table-${String(i).padStart(3, '0')}`);
  dynamodb.on(ListTablesCommand).callsFake(async (input, getClient) => {
    const all = (await inHome(getClient)) ? tables : [];
    const start = input.ExclusiveStartTableName === undefined ? 0 : all.indexOf(input.ExclusiveStartTableName) + 1;
    const page = all.slice(start, start + (input.Limit ?? 100));
    const last = page[page.length - 1];
    return {
      TableNames: page,
      ...(start + page.length < all.length && last !== undefined ? { LastEvaluatedTableName: last } : {}),
    };
  });
  dynamodb.on(DescribeTableCommand).callsFake((input: { TableName?: string }) => ({
    Table: {
      TableName: input.TableName,
      TableArn: `arn:aws:dynamodb:${home}:${account}:table/${input.TableName}`,
      TableStatus: 'ACTIVE',
      CreationDateTime: CREATED,
    },
  }));
  dynamodb.on(DescribeContinuousBackupsCommand).resolves({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' },
    },
  });
  const functions = Array.from({ length: DATA_ESTATE.functions }, (_, i) => ({
    FunctionName: `fn-${i}`,
    FunctionArn: `arn:aws:lambda:${home}:${account}:function:fn-${i}`,
    Runtime: 'nodejs22.x' as const,
    PackageType: 'Zip' as const,
  }));
  lambda.on(ListFunctionsCommand).callsFake(async (input, getClient) => {
    const all = (await inHome(getClient)) ? functions : [];
    const start = input.Marker === undefined ? 0 : Number(input.Marker);
    const end = Math.min(all.length, start + (input.MaxItems ?? 50));
    return { Functions: all.slice(start, end), ...(end < all.length ? { NextMarker: String(end) } : {}) };
  });
  lambda.on(GetPolicyCommand).rejects(
    Object.assign(new Error('The resource you requested does not exist.'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    }),
  );
  return { kms, dynamodb, lambda };
}

export { DATA_ESTATE, IAM_ESTATE, stubBaseline, stubDataServices, stubIam };
