import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { collectAccountPublicAccessBlock } from '../../../../tasks/shared/inventory/s3-account-public-access-block';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const ACCOUNT = { accountId: '644160558196' };
const s3control = mockClient(S3ControlClient);
afterEach(() => s3control.reset());
const collect = () =>
  collectAccountPublicAccessBlock(new S3ControlClient({ region: 'us-east-1' }), ACCOUNT, 'us-east-1');

// The corpus records the bucket-level GetPublicAccessBlock; S3 Control answers the account-level one
// with the same PublicAccessBlockConfiguration shape and the same error codes.
describe('collectAccountPublicAccessBlock', () => {
  it('asks for the account, and records the four settings at the schema paths (partial recording)', async () => {
    stubPlacebo(
      s3control.on(GetPublicAccessBlockCommand),
      'test_s3_check_public_block__s3.GetPublicAccessBlock_2.json',
    );
    const ci = await collect();
    expect(s3control.commandCalls(GetPublicAccessBlockCommand).map((c) => c.args[0].input)).toEqual([
      { AccountId: '644160558196' },
    ]);
    expect(ci).toEqual({
      resourceType: 'AWS::S3::AccountPublicAccessBlock',
      resourceId: '644160558196',
      arn: 'arn:aws:s3::644160558196:account-public-access-block',
      accountId: '644160558196',
      region: 'us-east-1',
      availabilityZone: 'Not Applicable',
      status: 'OK',
      configuration: {
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    });
  });

  it('NoSuchPublicAccessBlockConfiguration (404) is "not configured": all four off, known', async () => {
    stubPlacebo(
      s3control.on(GetPublicAccessBlockCommand),
      'test_s3_check_public_block__s3.GetPublicAccessBlock_1.json',
    );
    const ci = await collect();
    expect(ci.configuration).toEqual({
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    });
    expect(ci.unknown).toBeUndefined();
  });

  it('AccessDenied (403) is unknown, never "not configured"', async () => {
    stubPlacebo(
      s3control.on(GetPublicAccessBlockCommand),
      'test_s3_check_public_block__s3.GetPublicAccessBlock_3.json',
    );
    const ci = await collect();
    expect(ci.configuration).toEqual({});
    expect(ci.unknown).toEqual({ configuration: 'AccessDenied' });
  });

  it('throttling propagates', async () => {
    const throttled = new PlaceboServiceError('SlowDown', 'Please reduce your request rate.', 503, {});
    s3control.on(GetPublicAccessBlockCommand).rejects(throttled);
    await expect(collect()).rejects.toBe(throttled);
  });
});
