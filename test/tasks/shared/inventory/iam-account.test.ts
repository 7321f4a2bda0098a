import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { iamAccountCollector } from '../../../../tasks/shared/inventory/iam-account';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const ACCOUNT = '644160558196';
const iam = mockClient(IAMClient);
afterEach(() => iam.reset());
const ctx: CollectContext = { accountId: ACCOUNT, region: 'us-east-1', client: (C, region) => new C({ region }) };
const collect = async () => {
  const { items } = await iamAccountCollector.collect(ctx);
  expect(items).toHaveLength(1);
  return items[0]!;
};

function recorded() {
  stubPlacebo(iam.on(GetAccountSummaryCommand), 'test_account_root_api_keys__iam.GetAccountSummary_1.json');
  stubPlacebo(
    iam.on(GetAccountPasswordPolicyCommand),
    'test_account_password_policy_update__iam.GetAccountPasswordPolicy_1.json',
  );
  stubPlacebo(iam.on(ListVirtualMFADevicesCommand), 'test_account_virtual_mfa__iam.ListVirtualMFADevices_1.json');
}

describe('iamAccountCollector', () => {
  it('is read once per account and declares the IAM actions of its three calls', () => {
    expect(iamAccountCollector.scope).toBe('account');
    expect(iamAccountCollector.recordedByConfig).toBe(false);
    expect(iamAccountCollector.reads).toEqual([
      'iam:GetAccountSummary',
      'iam:GetAccountPasswordPolicy',
      'iam:ListVirtualMFADevices',
    ]);
  });

  it('builds one global Warden::IAM::Account item from the summary, the password policy and the root’s virtual MFA', async () => {
    recorded();
    const ci = await collect();
    expect(ci).toMatchObject({
      resourceType: 'Warden::IAM::Account',
      resourceId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      region: 'global',
      status: 'OK',
    });
    expect(ci.unknown).toBeUndefined();
    expect(ci.configuration.accountSummary).toMatchObject({
      accountAccessKeysPresent: 0,
      accountMFAEnabled: 1,
      mfaDevices: 3,
      users: 5,
    });
    expect(ci.configuration.passwordPolicy).toEqual({
      minimumPasswordLength: 10,
      requireSymbols: false,
      requireNumbers: false,
      requireUppercaseCharacters: false,
      requireLowercaseCharacters: false,
      allowUsersToChangePassword: false,
      expirePasswords: false,
    });
    // Only the device whose User.Arn is the root: the recording's `root-account-mfa-device` belongs to an IAM user.
    expect(ci.configuration.rootVirtualMfaDevices).toEqual([`arn:aws:iam::${ACCOUNT}:mfa/test_mfa_device2`]);
    expect(iam.commandCalls(ListVirtualMFADevicesCommand)[0]!.args[0].input).toEqual({ AssignmentStatus: 'Assigned' });
    expect(Number.isNaN(Date.parse(ci.captureTime ?? ''))).toBe(false);
  });

  it('records no password policy (NoSuchEntity) as null, a value rules judge', async () => {
    recorded();
    stubPlacebo(
      iam.on(GetAccountPasswordPolicyCommand),
      'test_account_missing_password_policy__iam.GetAccountPasswordPolicy_1.json',
    );
    const ci = await collect();
    expect(ci.configuration.passwordPolicy).toBeNull();
    expect(ci.unknown).toBeUndefined();
  });

  it('pages ListVirtualMFADevices (IsTruncated/Marker) and reads an empty list as no virtual root device', async () => {
    recorded();
    // Page shape of the IAM API reference (ListVirtualMFADevices: IsTruncated, Marker); no recording has two pages.
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolvesOnce({ VirtualMFADevices: [], IsTruncated: true, Marker: 'page-2' })
      .resolvesOnce({
        VirtualMFADevices: [
          {
            SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
            User: {
              Arn: `arn:aws:iam::${ACCOUNT}:root`,
              UserId: ACCOUNT,
              UserName: '',
              Path: '/',
              CreateDate: new Date(),
            },
          },
        ],
        IsTruncated: false,
      });
    const ci = await collect();
    expect(iam.commandCalls(ListVirtualMFADevicesCommand).map((c) => c.args[0].input)).toEqual([
      { AssignmentStatus: 'Assigned' },
      { AssignmentStatus: 'Assigned', Marker: 'page-2' },
    ]);
    expect(ci.configuration.rootVirtualMfaDevices).toEqual([`arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`]);

    iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
    expect((await collect()).configuration.rootVirtualMfaDevices).toEqual([]);
  });

  it('records AccessDenied of any call in unknown, keeping what the other calls read', async () => {
    recorded();
    iam.on(GetAccountSummaryCommand).rejects(new PlaceboServiceError('AccessDenied', 'denied', 403, {}));
    iam.on(GetAccountPasswordPolicyCommand).rejects(new PlaceboServiceError('AccessDenied', 'denied', 403, {}));
    const ci = await collect();
    expect(ci.unknown).toEqual({ accountSummary: 'AccessDenied', passwordPolicy: 'AccessDenied' });
    expect(ci.configuration).not.toHaveProperty('accountSummary');
    expect(ci.configuration).not.toHaveProperty('passwordPolicy');
    expect(ci.configuration.rootVirtualMfaDevices).toHaveLength(1);
  });

  it('lets throttling propagate', async () => {
    recorded();
    iam.on(GetAccountSummaryCommand).rejects(new PlaceboServiceError('Throttling', 'Rate exceeded', 400, {}));
    await expect(iamAccountCollector.collect(ctx)).rejects.toMatchObject({ name: 'Throttling' });
  });

  it('readOne reads the same item (the account always exists)', async () => {
    recorded();
    const ci = await iamAccountCollector.readOne?.(ctx, {
      resourceType: 'Warden::IAM::Account',
      resourceId: ACCOUNT,
      accountId: ACCOUNT,
      region: 'global',
    });
    expect(ci).toMatchObject({ resourceType: 'Warden::IAM::Account', resourceId: ACCOUNT });
  });
});
