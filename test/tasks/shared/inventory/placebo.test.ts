import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

describe('placeboResponse', () => {
  it('drops ResponseMetadata and turns placebo datetime objects into Dates', () => {
    const response = placeboResponse('test_credential_sts__sts.AssumeRole_1.json');
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    expect(Object.keys(response.output).sort()).toEqual(['AssumedRoleUser', 'Credentials']);
    const credentials = response.output.Credentials as Record<string, unknown>;
    expect(credentials.Expiration).toBeInstanceOf(Date);
    expect((credentials.Expiration as Date).toISOString()).toBe('2019-09-29T22:07:46.000Z');
    expect(credentials.AccessKeyId).toBe('ASIAZL6XWCR2MIB6XHU7');
  });

  it('turns the ISO-string CreationDate of one recording into a Date too', () => {
    const response = placeboResponse('test_s3_public_block_throws_errors__s3.ListBuckets_1.json');
    if (!response.ok) throw new Error('expected output');
    const [bucket] = response.output.Buckets as Record<string, unknown>[];
    expect(bucket?.Name).toBe('mypublicblock');
    expect(bucket?.CreationDate).toEqual(new Date('2020-04-09T02:14:46.000Z'));
    // Values that are not timestamps stay strings.
    expect(response.output.Owner).toEqual({
      DisplayName: 'pikachu',
      ID: '50b875c3f7a799a2ee2281c11dec0f4ec7679cee45273cbf7514cdf908e77c0a',
    });
  });

  it('keeps microseconds as milliseconds', () => {
    const response = placeboResponse(
      'test_config_inconsistent_hub_rule__config.GetComplianceDetailsByConfigRule_1.json',
    );
    if (!response.ok) throw new Error('expected output');
    const results = response.output.EvaluationResults as Record<string, unknown>[];
    const recorded = results[0]?.ResultRecordedTime as Date;
    expect(recorded).toBeInstanceOf(Date);
    expect(recorded.toISOString()).toBe('2020-05-27T04:15:25.613Z');
    const identifier = results[0]?.EvaluationResultIdentifier as Record<string, unknown>;
    expect((identifier.OrderingTimestamp as Date).toISOString()).toBe('2020-05-27T04:15:11.900Z');
  });

  it('turns data.Error into the error SDK v3 throws', () => {
    const response = placeboResponse('test_s3_bucket_encryption_disabled__s3.GetBucketEncryption_1.json');
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error).toBeInstanceOf(Error);
    expect(response.error).toBeInstanceOf(PlaceboServiceError);
    expect(response.error.name).toBe('ServerSideEncryptionConfigurationNotFoundError');
    expect(response.error.message).toBe('The server side encryption configuration was not found');
    expect(response.error.$metadata).toEqual({ httpStatusCode: 404 });
    expect(response.error.$fault).toBe('client');
    expect(response.error.BucketName).toBe('c7n-bucket-without-default-encryption');
  });

  it('maps a 403 AccessDenied', () => {
    const response = placeboResponse('test_s3_check_public_block__s3.GetPublicAccessBlock_3.json');
    if (response.ok) throw new Error('expected an error');
    expect(response.error.name).toBe('AccessDenied');
    expect(response.error.$metadata.httpStatusCode).toBe(403);
  });

  it('server faults are $fault server', () => {
    const error = new PlaceboServiceError('InternalError', 'We encountered an internal error.', 500, {});
    expect(error.$fault).toBe('server');
  });

  it('stubPlacebo wires a recording into an aws-sdk-client-mock stub', async () => {
    const s3 = mockClient(S3Client);
    stubPlacebo(s3.on(ListBucketsCommand), 'test_s3_hosts_website__s3.ListBuckets_2.json');
    const output = await new S3Client({ region: 'us-east-1' }).send(new ListBucketsCommand({}));
    expect(output.Buckets).toEqual([]);
    expect(output.Owner?.DisplayName).toBe('onecloud-aws');

    s3.reset();
    stubPlacebo(s3.on(ListBucketsCommand), 'test_s3_check_public_block__s3.GetPublicAccessBlock_3.json');
    await expect(new S3Client({ region: 'us-east-1' }).send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    s3.restore();
  });
});
