/**
 * The executor for planned remediation calls. Rules plan `{service, operation, input}` (exact SDK v3
 * input); only the operations listed here can ever be sent. Adding an operation is one line in
 * `EXECUTORS` (and, when its IAM action is not `service:Operation`, one in `IAM_ACTIONS`).
 */

import {
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
  type UpdateContinuousBackupsCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  CreateTagsCommand,
  type CreateTagsCommandInput,
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandInput,
  DescribeTagsCommand,
  type DescribeTagsCommandInput,
  EnableEbsEncryptionByDefaultCommand,
  type EnableEbsEncryptionByDefaultCommandInput,
  GetEbsEncryptionByDefaultCommand,
  type GetEbsEncryptionByDefaultCommandInput,
  ModifyInstanceAttributeCommand,
  type ModifyInstanceAttributeCommandInput,
  ModifyNetworkInterfaceAttributeCommand,
  type ModifyNetworkInterfaceAttributeCommandInput,
  RevokeSecurityGroupIngressCommand,
  type RevokeSecurityGroupIngressCommandInput,
} from '@aws-sdk/client-ec2';
import { EnableKeyRotationCommand, type EnableKeyRotationCommandInput, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  type GetBucketEncryptionCommandInput,
  GetPublicAccessBlockCommand,
  type GetPublicAccessBlockCommandInput,
  PutBucketEncryptionCommand,
  type PutBucketEncryptionCommandInput,
  PutBucketPolicyCommand,
  type PutBucketPolicyCommandInput,
  PutBucketVersioningCommand,
  type PutBucketVersioningCommandInput,
  PutPublicAccessBlockCommand,
  type PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3';
import type { AwsClients } from './aws/clients';
import { UnsupportedApiCallError } from './errors';
import type { ApiCall } from './model';

type Executor = (clients: AwsClients, input: Record<string, unknown>) => Promise<object>;

/** The planned input is the SDK input by contract (rules build it with the SDK's member names). */
function sdkInput<T>(input: Record<string, unknown>): T {
  return input as unknown as T;
}

/** The allow-list: `service:operation` → how to send it. */
const EXECUTORS: ReadonlyMap<string, Executor> = new Map<string, Executor>([
  [
    's3:GetBucketEncryption',
    (c, i) => c.s3.send(new GetBucketEncryptionCommand(sdkInput<GetBucketEncryptionCommandInput>(i))),
  ],
  [
    's3:PutBucketEncryption',
    (c, i) => c.s3.send(new PutBucketEncryptionCommand(sdkInput<PutBucketEncryptionCommandInput>(i))),
  ],
  [
    's3:GetPublicAccessBlock',
    (c, i) => c.s3.send(new GetPublicAccessBlockCommand(sdkInput<GetPublicAccessBlockCommandInput>(i))),
  ],
  [
    's3:PutPublicAccessBlock',
    (c, i) => c.s3.send(new PutPublicAccessBlockCommand(sdkInput<PutPublicAccessBlockCommandInput>(i))),
  ],
  ['ec2:CreateTags', (c, i) => c.ec2.send(new CreateTagsCommand(sdkInput<CreateTagsCommandInput>(i)))],
  ['ec2:DescribeTags', (c, i) => c.ec2.send(new DescribeTagsCommand(sdkInput<DescribeTagsCommandInput>(i)))],
  [
    'ec2:DescribeInstances',
    (c, i) => c.ec2.send(new DescribeInstancesCommand(sdkInput<DescribeInstancesCommandInput>(i))),
  ],
  [
    'ec2:ModifyInstanceAttribute',
    (c, i) => c.ec2.send(new ModifyInstanceAttributeCommand(sdkInput<ModifyInstanceAttributeCommandInput>(i))),
  ],
  [
    'ec2:ModifyNetworkInterfaceAttribute',
    (c, i) =>
      c.ec2.send(new ModifyNetworkInterfaceAttributeCommand(sdkInput<ModifyNetworkInterfaceAttributeCommandInput>(i))),
  ],
  [
    'ec2:DescribeSecurityGroups',
    (c, i) => c.ec2.send(new DescribeSecurityGroupsCommand(sdkInput<DescribeSecurityGroupsCommandInput>(i))),
  ],
  [
    'ec2:RevokeSecurityGroupIngress',
    (c, i) => c.ec2.send(new RevokeSecurityGroupIngressCommand(sdkInput<RevokeSecurityGroupIngressCommandInput>(i))),
  ],
  [
    'ec2:EnableEbsEncryptionByDefault',
    (c, i) =>
      c.ec2.send(new EnableEbsEncryptionByDefaultCommand(sdkInput<EnableEbsEncryptionByDefaultCommandInput>(i))),
  ],
  [
    'ec2:GetEbsEncryptionByDefault',
    (c, i) => c.ec2.send(new GetEbsEncryptionByDefaultCommand(sdkInput<GetEbsEncryptionByDefaultCommandInput>(i))),
  ],
  // account baseline (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults)
  // S3
  ['s3:PutBucketPolicy', (c, i) => c.s3.send(new PutBucketPolicyCommand(sdkInput<PutBucketPolicyCommandInput>(i)))],
  [
    's3:PutBucketVersioning',
    (c, i) => c.s3.send(new PutBucketVersioningCommand(sdkInput<PutBucketVersioningCommandInput>(i))),
  ],
  // KMS, DynamoDB, Lambda
  [
    'kms:EnableKeyRotation',
    (c, i) => c.of(KMSClient).send(new EnableKeyRotationCommand(sdkInput<EnableKeyRotationCommandInput>(i))),
  ],
  [
    'dynamodb:UpdateContinuousBackups',
    (c, i) =>
      c.of(DynamoDBClient).send(new UpdateContinuousBackupsCommand(sdkInput<UpdateContinuousBackupsCommandInput>(i))),
  ],
  // EC2 and RDS (snapshots, flow logs, network interfaces)
]);

/**
 * IAM actions whose name differs from the API operation's (Service Authorization Reference): S3
 * names several actions after the resource setting, not the call. Every other action is `service:Operation`.
 */
const IAM_ACTIONS: Readonly<Record<string, string>> = {
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  // S3
  // KMS, DynamoDB, Lambda
};

/** The IAM action that authorizes one API operation, e.g. `s3:PutBucketEncryption` → `s3:PutEncryptionConfiguration`. */
function iamActionOf(call: Pick<ApiCall, 'service' | 'operation'>): string {
  const key = apiCallKey(call);
  return IAM_ACTIONS[key] ?? key;
}

function apiCallKey(call: Pick<ApiCall, 'service' | 'operation'>): string {
  return `${call.service}:${call.operation}`;
}

/** `service:operation` names the executor can send, e.g. `s3:PutBucketEncryption`. */
function supportedApiCalls(): string[] {
  return [...EXECUTORS.keys()];
}

function isSupportedApiCall(call: Pick<ApiCall, 'service' | 'operation'>): boolean {
  return EXECUTORS.has(apiCallKey(call));
}

/**
 * Sends one planned call with the account-region's clients and returns the SDK output without
 * `$metadata`. Throws `UnsupportedApiCallError` for anything not on the allow-list; SDK errors
 * (AccessDenied, throttling, …) propagate unchanged.
 */
async function sendApiCall(clients: AwsClients, call: ApiCall): Promise<unknown> {
  const execute = EXECUTORS.get(apiCallKey(call));
  if (execute === undefined) throw new UnsupportedApiCallError(call.service, call.operation);
  const output = (await execute(clients, call.input)) as Record<string, unknown> | undefined;
  if (output === undefined || output === null) return {};
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

export { apiCallKey, iamActionOf, isSupportedApiCall, sendApiCall, supportedApiCalls };
