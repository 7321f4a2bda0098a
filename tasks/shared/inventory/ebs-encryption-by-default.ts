/**
 * EBS encryption by default, one `Warden::EC2::EbsEncryptionByDefault` item per account-region
 * (AWS Config records no such resource): `configuration.ebsEncryptionByDefault` (GetEbsEncryptionByDefault)
 * and `configuration.ebsDefaultKmsKeyId` (GetEbsDefaultKmsKeyId: the key new volumes get, `alias/aws/ebs`
 * when none was chosen).
 *
 * Either call denied (or failing otherwise) leaves its property in the item's `unknown` map, so a rule
 * that needs it is an ERROR finding; throttling propagates. The setting always has a value (there is no
 * "not configured" answer), so there is nothing to page and nothing can be gone: `readOne` reads the
 * region's item again (the remediation's read-back).
 */
import { EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { errorName } from '../aws/aws-errors';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { accountSettingItem } from './account-setting';
import { type CollectContext, defineCollector } from './collector';

const EBS_ENCRYPTION_BY_DEFAULT = 'Warden::EC2::EbsEncryptionByDefault';

/** The value of one read, or the name of the error that kept it unknown. */
async function attempt<T>(read: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await read() };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { error: errorName(error) };
  }
}

async function readSetting(ctx: CollectContext): Promise<ConfigurationItem> {
  const ec2 = ctx.client(EC2Client, ctx.region);
  const enabled = await attempt(
    async () => (await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault,
  );
  const key = await attempt(async () => (await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId);
  const configuration: Record<string, unknown> = {};
  const unknown: Record<string, string> = {};
  if ('value' in enabled && typeof enabled.value === 'boolean') configuration.ebsEncryptionByDefault = enabled.value;
  else unknown.ebsEncryptionByDefault = 'error' in enabled ? enabled.error : 'NotReturned';
  if ('value' in key) configuration.ebsDefaultKmsKeyId = key.value ?? null;
  else unknown.ebsDefaultKmsKeyId = key.error;
  return accountSettingItem({
    resourceType: EBS_ENCRYPTION_BY_DEFAULT,
    service: 'ec2',
    thing: 'ebs-encryption-by-default',
    accountId: ctx.accountId,
    region: ctx.region,
    configuration,
    unknown,
  });
}

const ebsEncryptionByDefault = defineCollector({
  resourceTypes: [EBS_ENCRYPTION_BY_DEFAULT],
  scope: 'region',
  api: 'ec2:GetEbsEncryptionByDefault',
  reads: ['ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId'],
  recordedByConfig: false,
  collect: async (ctx) => ({ items: [await readSetting(ctx)] }),
  readOne: (ctx) => readSetting(ctx),
});

export { EBS_ENCRYPTION_BY_DEFAULT, ebsEncryptionByDefault };
