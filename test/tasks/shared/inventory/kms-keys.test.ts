import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { kmsKeys } from '../../../../tasks/shared/inventory/kms-keys';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (client, region) => new client({ region }),
};
const KEY = 'ffb1402c-040a-4b1f-b1e5-9918a0238aa7';
const EXTERNAL_KEY = '0e70fa46-b702-4fe7-807e-8dea0d333f7d';

function recorded(file: string): Record<string, unknown> {
  const response = placeboResponse(file);
  if (!response.ok) throw response.error;
  return response.output;
}

function stubRecordedKey(): void {
  stubPlacebo(kms.on(ListKeysCommand), 'test_key_rotation__kms.ListKeys_1.json');
  stubPlacebo(kms.on(DescribeKeyCommand, { KeyId: KEY }), 'test_key_rotation__kms.DescribeKey_1.json');
  stubPlacebo(kms.on(GetKeyRotationStatusCommand), 'test_key_rotation__kms.GetKeyRotationStatus_1.json');
}

const denied = () =>
  new PlaceboServiceError('AccessDeniedException', 'not authorized to perform kms:GetKeyRotationStatus', 400, {});
const throttled = () => new PlaceboServiceError('ThrottlingException', 'Rate exceeded', 400, {});

describe('kms-keys collector', () => {
  it('declares its reads, regional, recorded by Config', () => {
    expect(kmsKeys.resourceTypes).toEqual(['AWS::KMS::Key']);
    expect(kmsKeys.scope).toBe('region');
    expect(kmsKeys.recordedByConfig).toBe(true);
    expect(kmsKeys.reads).toEqual(['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus']);
  });

  it('builds the recorded customer key at Config paths, rotation in supplementaryConfiguration.KeyRotationStatus', async () => {
    stubRecordedKey();
    const { items, resourceErrors } = await kmsKeys.collect(ctx);
    expect(resourceErrors).toEqual([]);
    expect(items).toEqual([
      {
        resourceType: 'AWS::KMS::Key',
        resourceId: KEY,
        arn: `arn:aws:kms:us-east-1:644160558196:key/${KEY}`,
        accountId: '644160558196',
        region: 'us-east-1',
        availabilityZone: 'Not Applicable',
        status: 'OK',
        configuration: {
          origin: 'AWS_KMS',
          keyId: KEY,
          description: 'd1',
          keyManager: 'CUSTOMER',
          enabled: true,
          keyUsage: 'ENCRYPT_DECRYPT',
          keyState: 'Enabled',
          creationDate: '2018-01-30T15:44:19.013Z',
          arn: `arn:aws:kms:us-east-1:644160558196:key/${KEY}`,
          awsaccountId: '644160558196',
        },
        supplementaryConfiguration: { KeyRotationStatus: true },
        tags: {},
        relationships: [],
      },
    ]);
    expect(kms.commandCalls(GetKeyRotationStatusCommand).map((c) => c.args[0].input)).toEqual([{ KeyId: KEY }]);
  });

  it('asks no rotation of an asymmetric key (KMS cannot rotate it)', async () => {
    stubRecordedKey();
    const describe = recorded('test_key_rotation__kms.DescribeKey_1.json');
    kms.on(DescribeKeyCommand, { KeyId: KEY }).resolves({
      KeyMetadata: { ...(describe.KeyMetadata as object), KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' } as never,
    });
    const { items } = await kmsKeys.collect(ctx);
    expect(items[0]?.configuration.keySpec).toBe('RSA_2048');
    expect(items[0]?.supplementaryConfiguration).toEqual({});
    expect(kms.commandCalls(GetKeyRotationStatusCommand)).toHaveLength(0);
  });

  it('pages ListKeys by NextMarker while Truncated, and asks no rotation of a key with imported material', async () => {
    // Two recordings chained into pages; the marker is ours (the recordings have one page each).
    const first = recorded('test_key_rotation__kms.ListKeys_1.json');
    const second = recorded('test_key_rotation_unsupportedopp__kms.ListKeys_1.json');
    kms
      .on(ListKeysCommand)
      .resolvesOnce({ ...first, Truncated: true, NextMarker: 'page-2' } as never)
      .resolvesOnce(second as never);
    stubPlacebo(kms.on(DescribeKeyCommand, { KeyId: KEY }), 'test_key_rotation__kms.DescribeKey_1.json');
    stubPlacebo(
      kms.on(DescribeKeyCommand, { KeyId: EXTERNAL_KEY }),
      'test_key_rotation_unsupportedopp__kms.DescribeKey_1.json',
    );
    stubPlacebo(kms.on(GetKeyRotationStatusCommand), 'test_key_rotation__kms.GetKeyRotationStatus_1.json');

    const { items } = await kmsKeys.collect(ctx);
    expect(kms.commandCalls(ListKeysCommand).map((c) => c.args[0].input)).toEqual([
      { Limit: 1000 },
      { Limit: 1000, Marker: 'page-2' },
    ]);
    expect(items.map((ci) => [ci.resourceId, ci.configuration.origin, ci.supplementaryConfiguration])).toEqual([
      [KEY, 'AWS_KMS', { KeyRotationStatus: true }],
      [EXTERNAL_KEY, 'EXTERNAL', {}],
    ]);
    expect(kms.commandCalls(GetKeyRotationStatusCommand).map((c) => c.args[0].input)).toEqual([{ KeyId: KEY }]);
  });

  it('an empty region has no items (ListKeys response example, KMS API reference, with no keys)', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [], Truncated: false });
    expect(await kmsKeys.collect(ctx)).toEqual({ items: [], resourceErrors: [] });
  });

  it('AWS managed keys are collected without a rotation read (KMS rotates them itself)', async () => {
    stubRecordedKey();
    const describe = recorded('test_key_rotation__kms.DescribeKey_1.json');
    kms.on(DescribeKeyCommand, { KeyId: KEY }).resolves({
      KeyMetadata: { ...(describe.KeyMetadata as object), KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT' } as never,
    });
    const { items } = await kmsKeys.collect(ctx);
    expect(items[0]?.supplementaryConfiguration).toEqual({});
    expect(kms.commandCalls(GetKeyRotationStatusCommand)).toHaveLength(0);
  });

  it('AccessDenied on GetKeyRotationStatus is unknown, never "rotation off"', async () => {
    stubRecordedKey();
    const describe = recorded('test_key_rotation__kms.DescribeKey_1.json');
    kms.on(DescribeKeyCommand, { KeyId: KEY }).resolves({
      KeyMetadata: { ...(describe.KeyMetadata as object), KeySpec: 'SYMMETRIC_DEFAULT' } as never,
    });
    kms.on(GetKeyRotationStatusCommand).rejects(denied());
    const { items } = await kmsKeys.collect(ctx);
    expect(items[0]?.supplementaryConfiguration).toEqual({});
    expect(items[0]?.unknown).toEqual({ KeyRotationStatus: 'AccessDeniedException' });
  });

  it('a key deleted after the listing is dropped; another DescribeKey failure is a resource error', async () => {
    stubPlacebo(kms.on(ListKeysCommand), 'test_key_rotation__kms.ListKeys_1.json');
    kms.on(DescribeKeyCommand).rejects(new PlaceboServiceError('NotFoundException', 'Key does not exist', 400, {}));
    expect(await kmsKeys.collect(ctx)).toEqual({ items: [], resourceErrors: [] });
    kms.on(DescribeKeyCommand).rejects(denied());
    expect((await kmsKeys.collect(ctx)).resourceErrors).toEqual([
      {
        resource: `arn:aws:kms:us-east-1:644160558196:key/${KEY}`,
        error: 'kms:DescribeKey: AccessDeniedException: not authorized to perform kms:GetKeyRotationStatus',
      },
    ]);
  });

  it('throttling propagates (Step Functions Retry), from the per-key reads and from the listing', async () => {
    stubRecordedKey();
    const describe = recorded('test_key_rotation__kms.DescribeKey_1.json');
    kms.on(DescribeKeyCommand, { KeyId: KEY }).resolves({
      KeyMetadata: { ...(describe.KeyMetadata as object), KeySpec: 'SYMMETRIC_DEFAULT' } as never,
    });
    kms.on(GetKeyRotationStatusCommand).rejects(throttled());
    await expect(kmsKeys.collect(ctx)).rejects.toThrow('Rate exceeded');
    kms.reset();
    stubPlacebo(kms.on(ListKeysCommand), 'test_key_rotation__kms.ListKeys_1.json');
    kms.on(DescribeKeyCommand).rejects(throttled());
    await expect(kmsKeys.collect(ctx)).rejects.toThrow('Rate exceeded');
  });

  it('a failing ListKeys propagates (the region read fails, named kms:ListKeys)', async () => {
    kms.on(ListKeysCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 400, {}));
    await expect(kmsKeys.collect(ctx)).rejects.toThrow('denied');
    expect(kmsKeys.api).toBe('kms:ListKeys');
  });

  it('readOne: the key as it is now, or undefined once KMS no longer knows it', async () => {
    stubRecordedKey();
    const ref = { resourceType: 'AWS::KMS::Key', resourceId: KEY, accountId: '644160558196', region: 'us-east-1' };
    expect((await kmsKeys.readOne?.(ctx, ref))?.configuration.keyState).toBe('Enabled');
    expect(kms.commandCalls(ListKeysCommand)).toHaveLength(0);
    kms.on(DescribeKeyCommand, { KeyId: KEY }).rejects(new PlaceboServiceError('NotFoundException', 'gone', 400, {}));
    expect(await kmsKeys.readOne?.(ctx, ref)).toBeUndefined();
  });
});
