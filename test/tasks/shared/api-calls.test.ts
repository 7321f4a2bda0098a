import { CreateTagsCommand, DescribeTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketEncryptionCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../tasks/rules/rule';
import { isSupportedApiCall, sendApiCall, supportedApiCalls } from '../../../tasks/shared/api-calls';
import { UnsupportedApiCallError } from '../../../tasks/shared/errors';
import { readPlacebo } from '../../support/ci-builder';
import { otherClients } from '../../support/other-clients';

const s3 = mockClient(S3Client);
const ec2 = mockClient(EC2Client);
const clients: AwsClients = {
  s3: new S3Client({ region: 'us-east-1' }),
  ec2: new EC2Client({ region: 'us-east-1' }),
  of: otherClients,
};

afterEach(() => {
  s3.reset();
  ec2.reset();
});

describe('supportedApiCalls', () => {
  it('is the explicit allow-list', () => {
    expect(supportedApiCalls().sort()).toEqual([
      'dynamodb:UpdateContinuousBackups',
      'ec2:CreateTags',
      'ec2:DescribeInstances',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeTags',
      'ec2:EnableEbsEncryptionByDefault',
      'ec2:GetEbsEncryptionByDefault',
      'ec2:ModifyInstanceAttribute',
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:RevokeSecurityGroupIngress',
      'kms:EnableKeyRotation',
      's3:GetBucketEncryption',
      's3:GetPublicAccessBlock',
      's3:PutBucketEncryption',
      's3:PutBucketPolicy',
      's3:PutBucketVersioning',
      's3:PutPublicAccessBlock',
    ]);
    expect(isSupportedApiCall({ service: 's3', operation: 'PutBucketEncryption' })).toBe(true);
    expect(isSupportedApiCall({ service: 'ec2', operation: 'PutBucketEncryption' })).toBe(false);
  });
});

describe('sendApiCall', () => {
  it('sends PutBucketEncryption with the planned input, unchanged', async () => {
    s3.on(PutBucketEncryptionCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    const input = {
      Bucket: 'b',
      ExpectedBucketOwner: '123456789012',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    };

    expect(await sendApiCall(clients, { service: 's3', operation: 'PutBucketEncryption', input })).toEqual({});
    expect(s3.commandCalls(PutBucketEncryptionCommand).map((c) => c.args[0].input)).toEqual([input]);
  });

  it('returns the output without $metadata (a recorded GetBucketEncryption)', async () => {
    const { data } = readPlacebo<{ ServerSideEncryptionConfiguration: never }>(
      'test_s3_enable_bucket_encryption_kms__s3.GetBucketEncryption_2.json',
    );
    s3.on(GetBucketEncryptionCommand, { Bucket: 'b' }).resolves({
      $metadata: { httpStatusCode: 200, requestId: 'r' },
      ServerSideEncryptionConfiguration: data.ServerSideEncryptionConfiguration,
    });

    expect(
      await sendApiCall(clients, { service: 's3', operation: 'GetBucketEncryption', input: { Bucket: 'b' } }),
    ).toEqual({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: 'arn:aws:kms:us-east-1:644160558196:key/2192ecc0-3991-4dac-b479-cc08bda8a4de',
            },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
  });

  it('sends the EC2 tag calls through the EC2 client', async () => {
    ec2.on(CreateTagsCommand).resolves({ $metadata: {} });
    ec2
      .on(DescribeTagsCommand)
      .resolves({ $metadata: {}, Tags: [{ Key: 'Owner', Value: 'a', ResourceId: 'i-1', ResourceType: 'instance' }] });
    const tags = { Resources: ['i-1'], Tags: [{ Key: 'Owner', Value: 'a' }] };

    await sendApiCall(clients, { service: 'ec2', operation: 'CreateTags', input: tags });
    const described = await sendApiCall(clients, {
      service: 'ec2',
      operation: 'DescribeTags',
      input: { Filters: [{ Name: 'resource-id', Values: ['i-1'] }] },
    });

    expect(ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input)).toEqual([tags]);
    expect(described).toEqual({ Tags: [{ Key: 'Owner', Value: 'a', ResourceId: 'i-1', ResourceType: 'instance' }] });
    expect(s3.calls()).toHaveLength(0);
  });

  it.each([
    ['s3', 'DeleteBucket'],
    ['s3', 'DeleteBucketEncryption'],
    ['ec2', 'TerminateInstances'],
    ['ec2', 'DeleteTags'],
    ['iam', 'CreateUser'],
    ['s3', 'constructor'],
    ['S3', 'PutBucketEncryption'],
  ])('rejects %s:%s and sends nothing', async (service, operation) => {
    const call = sendApiCall(clients, { service, operation, input: {} });
    await expect(call).rejects.toThrow(UnsupportedApiCallError);
    await expect(call).rejects.toThrow(`Warden has no executor for ${service}:${operation}`);
    expect(s3.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('propagates SDK errors unchanged', async () => {
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    s3.on(GetBucketEncryptionCommand).rejects(denied);
    await expect(
      sendApiCall(clients, { service: 's3', operation: 'GetBucketEncryption', input: { Bucket: 'b' } }),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Access Denied',
    });
  });
});
