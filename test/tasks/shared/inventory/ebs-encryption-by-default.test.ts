import { EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { ebsEncryptionByDefault } from '../../../../tasks/shared/inventory/ebs-encryption-by-default';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (C, region) => new C({ region }),
};
const collect = async () => (await ebsEncryptionByDefault.collect(ctx)).items;
const ON = 'test_account_disable_ebs_encrypt__ec2.GetEbsEncryptionByDefault_1.json';
const OFF = 'test_account_ebs_encrypt__ec2.GetEbsEncryptionByDefault_1.json';
const KEY = 'test_account_disable_ebs_encrypt__ec2.GetEbsDefaultKmsKeyId_1.json';
const KEY_ARN = 'arn:aws:kms:us-east-1:644160558196:key/798bc4bb-3079-4a9a-bc27-2c7f2b6c91d0';

describe('ebs-encryption-by-default collector', () => {
  it('one item per account-region with the setting and the default key (recorded responses)', async () => {
    stubPlacebo(ec2.on(GetEbsEncryptionByDefaultCommand), ON);
    stubPlacebo(ec2.on(GetEbsDefaultKmsKeyIdCommand), KEY);
    expect(await collect()).toEqual([
      {
        resourceType: 'Warden::EC2::EbsEncryptionByDefault',
        resourceId: '644160558196',
        arn: 'arn:aws:ec2:us-east-1:644160558196:ebs-encryption-by-default',
        accountId: '644160558196',
        region: 'us-east-1',
        availabilityZone: 'Not Applicable',
        status: 'OK',
        configuration: { ebsEncryptionByDefault: true, ebsDefaultKmsKeyId: KEY_ARN },
        supplementaryConfiguration: {},
        tags: {},
        relationships: [],
      },
    ]);
  });

  it('off is a value', async () => {
    stubPlacebo(ec2.on(GetEbsEncryptionByDefaultCommand), OFF);
    stubPlacebo(ec2.on(GetEbsDefaultKmsKeyIdCommand), KEY);
    const [item] = await collect();
    expect(item?.configuration.ebsEncryptionByDefault).toBe(false);
    expect(item?.unknown).toBeUndefined();
  });

  it('a denied call leaves its property unknown, the other one is still read', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(new PlaceboServiceError('UnauthorizedOperation', 'no', 403, {}));
    stubPlacebo(ec2.on(GetEbsDefaultKmsKeyIdCommand), KEY);
    const [item] = await collect();
    expect(item?.unknown).toEqual({ ebsEncryptionByDefault: 'UnauthorizedOperation' });
    expect(item?.configuration).toEqual({ ebsDefaultKmsKeyId: KEY_ARN });
  });

  it('throttling propagates', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(new PlaceboServiceError('RequestLimitExceeded', 'slow', 503, {}));
    stubPlacebo(ec2.on(GetEbsDefaultKmsKeyIdCommand), KEY);
    await expect(collect()).rejects.toThrow('slow');
  });

  it('readOne reads the region again (the setting always exists)', async () => {
    stubPlacebo(ec2.on(GetEbsEncryptionByDefaultCommand), OFF);
    stubPlacebo(ec2.on(GetEbsDefaultKmsKeyIdCommand), KEY);
    const ref = {
      resourceType: 'Warden::EC2::EbsEncryptionByDefault',
      resourceId: '644160558196',
      accountId: '644160558196',
      region: 'us-east-1',
    };
    expect((await ebsEncryptionByDefault.readOne?.(ctx, ref))?.configuration.ebsEncryptionByDefault).toBe(false);
    expect(ebsEncryptionByDefault.reads).toEqual(['ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId']);
  });
});
