/**
 * The account's IAM settings that AWS Config does not record, as one Warden item per account:
 * type `Warden::IAM::Account`, resourceId = the account id, ARN `arn:<partition>:iam::<account>:root`,
 * `region: 'global'` (IAM is a global service). Read once per account (`scope: 'account'`) with:
 *
 * - GetAccountSummary → `configuration.accountSummary`: the `SummaryMap` in Config's case
 *   (`accountAccessKeysPresent`, `accountMFAEnabled`, `users`, …; the two root flags are 0 or 1);
 * - GetAccountPasswordPolicy → `configuration.passwordPolicy`: the policy in Config's case
 *   (`minimumPasswordLength`, `requireSymbols`, `passwordReusePrevention`, `maxPasswordAge`, …), or
 *   `null` when the account has none (`NoSuchEntity`: "not configured", a value rules judge);
 * - ListVirtualMFADevices (AssignmentStatus `Assigned`, paged) → `configuration.rootVirtualMfaDevices`:
 *   the serial numbers of the virtual devices assigned to the root user, i.e. whose `User.Arn` is the
 *   account's `…:root` (as Cloud Custodian's has-virtual-mfa decides: a device's serial name is the
 *   creator's choice, and the recorded `root-account-mfa-device` may well belong to an IAM user).
 *   Root MFA enabled with no such device = hardware MFA (FSBP IAM.6).
 *
 * Any other failure of one of these calls (AccessDenied above all) is recorded in `unknown` under
 * the property's name, so a rule that needs it is an ERROR finding; throttling propagates.
 */
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { type CollectContext, defineCollector, GLOBAL_REGION } from './collector';
import { partitionOf, toConfigCase } from './config-case';

const IAM_ACCOUNT_TYPE = 'Warden::IAM::Account';

/** The error GetAccountPasswordPolicy answers when the account has no password policy. */
const NO_PASSWORD_POLICY = 'NoSuchEntity';

function iamAccountArn(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:root`;
}

/** Reads one property: its value, or the error name when the call failed for a reason other than throttling. */
async function attempt<T>(read: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await read() };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { error: errorName(error) };
  }
}

async function passwordPolicy(iam: IAMClient): Promise<Record<string, unknown> | null> {
  try {
    const output = await iam.send(new GetAccountPasswordPolicyCommand({}));
    return toConfigCase(output.PasswordPolicy ?? {}) as Record<string, unknown>;
  } catch (error) {
    if (errorName(error) === NO_PASSWORD_POLICY) return null;
    throw error;
  }
}

async function rootVirtualMfaDevices(iam: IAMClient): Promise<string[]> {
  const devices = await collectPages('ListVirtualMFADevices', async (marker) => {
    const page = await iam.send(
      new ListVirtualMFADevicesCommand({
        AssignmentStatus: 'Assigned',
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    );
    return { items: page.VirtualMFADevices ?? [], nextToken: page.IsTruncated === true ? page.Marker : undefined };
  });
  return devices
    .filter((device) => device.User?.Arn?.endsWith(':root') === true)
    .map((device) => device.SerialNumber)
    .filter((serial): serial is string => serial !== undefined);
}

async function collectIamAccount(ctx: CollectContext): Promise<ConfigurationItem> {
  const iam = ctx.client(IAMClient, ctx.region);
  const captureTime = new Date().toISOString();
  const reads = {
    accountSummary: await attempt(async () =>
      toConfigCase((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {}),
    ),
    passwordPolicy: await attempt(() => passwordPolicy(iam)),
    rootVirtualMfaDevices: await attempt(() => rootVirtualMfaDevices(iam)),
  };
  const configuration: Record<string, unknown> = {};
  const unknown: Record<string, string> = {};
  for (const [property, read] of Object.entries(reads)) {
    if ('value' in read) configuration[property] = read.value;
    else unknown[property] = read.error;
  }
  return {
    resourceType: IAM_ACCOUNT_TYPE,
    resourceId: ctx.accountId,
    arn: iamAccountArn(ctx.accountId, ctx.region),
    accountId: ctx.accountId,
    region: GLOBAL_REGION,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    captureTime,
    configuration,
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
    ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
  };
}

const iamAccountCollector = defineCollector({
  resourceTypes: [IAM_ACCOUNT_TYPE],
  scope: 'account',
  api: 'iam:GetAccountSummary',
  reads: ['iam:GetAccountSummary', 'iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
  recordedByConfig: false,
  collect: async (ctx) => ({ items: [await collectIamAccount(ctx)] }),
  // The account always exists: read alone, it is the same one item.
  readOne: (ctx) => collectIamAccount(ctx),
});

export { IAM_ACCOUNT_TYPE, iamAccountArn, iamAccountCollector };
