/**
 * KMS keys of one account-region as AWS Config `AWS::KMS::Key` items: ListKeys (paged), DescribeKey
 * per key (`configuration` = its KeyMetadata in Config's case: `keyManager`, `keyState`, `keySpec`,
 * `origin`, `awsaccountId`, …; resourceId = the key id, awslabs/aws-config-resource-schema), and
 * GetKeyRotationStatus where rotation exists, recorded where Config records it:
 * `supplementaryConfiguration.KeyRotationStatus` (a boolean).
 *
 * Rotation is read only for customer managed, symmetric (`SYMMETRIC_DEFAULT`), AWS_KMS-origin keys
 * that are not being deleted: KMS supports automatic rotation for no other key (AWS managed keys rotate
 * on their own; asymmetric, HMAC, imported and custom-key-store keys cannot), so the call would only
 * fail. Errors: a DescribeKey that says the key is gone (`NotFoundException`, deleted between the
 * listing and the read) drops the key; any other DescribeKey failure is a resource error; a failed
 * GetKeyRotationStatus (AccessDenied, a key-state conflict) goes to `unknown.KeyRotationStatus`;
 * throttling and a failed ListKeys propagate.
 */
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  type KeyMetadata,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { describeError, errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { defineCollector } from './collector';
import { partitionOf } from './config-case';
import { toRunCase } from './config-case-run';

const KMS_KEY_READS = ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'] as const;

/** Largest page ListKeys allows (Limit 1–1000). */
const PAGE_SIZE = 1000;

/** Key states in which a key is on its way out: rotation is neither read nor judged. */
const DELETING_STATES: ReadonlySet<string> = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

/**
 * Whether KMS supports automatic rotation for the key (KMS developer guide, "Rotating keys"). A key
 * described without a key spec is symmetric: KMS added `CustomerMasterKeySpec`/`KeySpec` with
 * asymmetric keys (2019), and responses recorded before then have neither.
 */
function rotationApplies(key: KeyMetadata): boolean {
  return (
    key.KeyManager === 'CUSTOMER' &&
    (key.KeySpec ?? key.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' &&
    key.Origin === 'AWS_KMS' &&
    !DELETING_STATES.has(key.KeyState ?? '')
  );
}

async function rotationOf(
  kms: KMSClient,
  key: KeyMetadata,
): Promise<{ supplementary: Record<string, unknown>; unknown?: Record<string, string> }> {
  if (!rotationApplies(key)) return { supplementary: {} };
  try {
    const out = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    return { supplementary: { KeyRotationStatus: out.KeyRotationEnabled === true } };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { supplementary: {}, unknown: { KeyRotationStatus: errorName(error) } };
  }
}

function keyToCi(
  key: KeyMetadata,
  rotation: { supplementary: Record<string, unknown>; unknown?: Record<string, string> },
  accountId: string,
  region: string,
): ConfigurationItem {
  const keyId = key.KeyId as string;
  return {
    resourceType: 'AWS::KMS::Key',
    resourceId: keyId,
    arn: key.Arn ?? `arn:${partitionOf(region)}:kms:${region}:${accountId}:key/${keyId}`,
    accountId,
    region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration: toRunCase(key) as Record<string, unknown>,
    supplementaryConfiguration: rotation.supplementary,
    tags: {},
    relationships: [],
    ...(rotation.unknown === undefined ? {} : { unknown: rotation.unknown }),
  };
}

/** The key as it is now, or `undefined` when KMS no longer knows it. */
async function readKey(kms: KMSClient, keyId: string, accountId: string, region: string) {
  let key: KeyMetadata | undefined;
  try {
    key = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  } catch (error) {
    if (errorName(error) === 'NotFoundException') return undefined;
    throw error;
  }
  if (key?.KeyId === undefined) return undefined;
  return keyToCi(key, await rotationOf(kms, key), accountId, region);
}

const kmsKeys = defineCollector({
  resourceTypes: ['AWS::KMS::Key'],
  scope: 'region',
  api: 'kms:ListKeys',
  reads: KMS_KEY_READS,
  recordedByConfig: true,
  async collect(ctx) {
    const kms = ctx.client(KMSClient, ctx.region);
    const listed = await collectPages('ListKeys', async (marker) => {
      const page = await kms.send(
        new ListKeysCommand({ Limit: PAGE_SIZE, ...(marker === undefined ? {} : { Marker: marker }) }),
      );
      return { items: page.Keys ?? [], nextToken: page.Truncated === true ? page.NextMarker : undefined };
    });
    const items: ConfigurationItem[] = [];
    const resourceErrors: { resource: string; error: string }[] = [];
    for (const entry of listed) {
      if (entry.KeyId === undefined) continue;
      try {
        const ci = await readKey(kms, entry.KeyId, ctx.accountId, ctx.region);
        if (ci !== undefined) items.push(ci);
      } catch (error) {
        if (isThrottlingError(error)) throw error;
        resourceErrors.push({
          resource: entry.KeyArn ?? entry.KeyId,
          error: `kms:DescribeKey: ${describeError(error)}`,
        });
      }
    }
    return { items, resourceErrors };
  },
  async readOne(ctx, ref) {
    const keyId = ref.resourceId ?? ref.resourceName;
    if (keyId === undefined) return undefined;
    return readKey(ctx.client(KMSClient, ctx.region), keyId, ctx.accountId, ctx.region);
  },
});

export { KMS_KEY_READS, kmsKeys, rotationApplies };
