import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { iamUsersCollector } from '../../../../tasks/shared/inventory/iam-users';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const ACCOUNT = '644160558196';
const CONSOLE_USER = 'test-user-console-access';
const KEYS_USER = 'test-user-no-console-access';
const iam = mockClient(IAMClient);
afterEach(() => iam.reset());
const ctx: CollectContext = { accountId: ACCOUNT, region: 'us-east-1', client: (C, region) => new C({ region }) };
const denied = () => new PlaceboServiceError('AccessDenied', 'not authorized', 403, {});

/** The recordings: two users, one with a console password, inline and managed policies and a group. */
function recorded() {
  stubPlacebo(iam.on(ListUsersCommand), 'test_iam_user_login_profile__iam.ListUsers_1.json');
  stubPlacebo(
    iam.on(GetLoginProfileCommand, { UserName: CONSOLE_USER }),
    'test_iam_user_login_profile__iam.GetLoginProfile_1.json',
  );
  stubPlacebo(
    iam.on(GetLoginProfileCommand, { UserName: KEYS_USER }),
    'test_iam_user_login_profile__iam.GetLoginProfile_2.json',
  );
  stubPlacebo(iam.on(ListUserPoliciesCommand), 'test_iam_user_has_inline_policy__iam.ListUserPolicies_1.json');
  stubPlacebo(
    iam.on(ListUserPoliciesCommand, { UserName: CONSOLE_USER }),
    'test_iam_user_has_inline_policy__iam.ListUserPolicies_2.json',
  );
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  stubPlacebo(
    iam.on(ListAttachedUserPoliciesCommand, { UserName: CONSOLE_USER }),
    'test_iam_user_admin_policy_include_via__iam.ListAttachedUserPolicies_1.json',
  );
  iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
  stubPlacebo(
    iam.on(ListGroupsForUserCommand, { UserName: CONSOLE_USER }),
    'test_iam_user_admin_policy_include_via__iam.ListGroupsForUser_1.json',
  );
  iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
  stubPlacebo(
    iam.on(ListAccessKeysCommand, { UserName: KEYS_USER }),
    'test_iam_access_key_filter_age__iam.ListAccessKeys_1.json',
  );
  // The MFA recordings are of another account's users (an empty list; mandeep's device), replayed here.
  stubPlacebo(iam.on(ListMFADevicesCommand), 'test_iam_mfa_filter__iam.ListMFADevices_1.json');
  stubPlacebo(
    iam.on(ListMFADevicesCommand, { UserName: CONSOLE_USER }),
    'test_iam_mfa_filter__iam.ListMFADevices_3.json',
  );
  // No recording of GetAccessKeyLastUsed: the IAM API reference's example response (GetAccessKeyLastUsed).
  iam.on(GetAccessKeyLastUsedCommand).resolves({
    UserName: KEYS_USER,
    AccessKeyLastUsed: { LastUsedDate: new Date('2015-03-13T10:45:00Z'), ServiceName: 's3', Region: 'us-west-2' },
  });
  iam
    .on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAZL6XWCR2EAE3M5WG' })
    .resolves({ UserName: KEYS_USER, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
}

describe('iamUsersCollector: collect', () => {
  it('builds AWS::IAM::User items at Config’s paths with the documented Warden additions', async () => {
    recorded();
    const { items } = await iamUsersCollector.collect(ctx);
    expect(items.map((ci) => ci.resourceName)).toEqual([CONSOLE_USER, KEYS_USER]);
    const [console, keys] = items;
    expect(console).toMatchObject({
      resourceType: 'AWS::IAM::User',
      resourceId: 'AIDARNRRQBPMCGMIQBMH4',
      arn: `arn:aws:iam::${ACCOUNT}:user/${CONSOLE_USER}`,
      accountId: ACCOUNT,
      region: 'global',
      status: 'OK',
      configuration: {
        userName: CONSOLE_USER,
        userId: 'AIDARNRRQBPMCGMIQBMH4',
        path: '/',
        createDate: '2022-09-23T23:24:30.000Z',
        userPolicyList: [{ policyName: 'policygen-andrewalexander-201612112039' }],
        attachedManagedPolicies: [
          { policyName: 'AdministratorAccess', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        ],
        groupList: ['AdminGroup'],
        accessKeys: [],
        mfaDevices: [{ serialNumber: 'arn:aws:iam::644160558196:mfa/mandeep', enableDate: '2016-05-16T19:24:11.000Z' }],
        loginProfile: { createDate: '2022-09-27T00:35:38.000Z', passwordResetRequired: true },
        passwordLastUsed: null,
      },
      relationships: [{ resourceType: 'AWS::IAM::Group', resourceName: 'AdminGroup', name: 'Is contained in Group' }],
    });
    expect(console?.unknown).toBeUndefined();
    expect(keys?.configuration).toMatchObject({
      userPolicyList: [],
      attachedManagedPolicies: [],
      groupList: [],
      mfaDevices: [],
      loginProfile: null,
      accessKeys: [
        {
          accessKeyId: 'AKIAI5PSD5WUP3AO2OPA',
          status: 'Active',
          createDate: '1990-08-21T19:35:09.000Z',
          lastUsedDate: '2015-03-13T10:45:00.000Z',
          lastUsedServiceName: 's3',
        },
        {
          accessKeyId: 'AKIAZL6XWCR2EAE3M5WG',
          status: 'Active',
          createDate: '2020-01-21T20:05:55.000Z',
          lastUsedDate: null,
          lastUsedServiceName: 'N/A',
        },
      ],
    });
  });

  it('records PasswordLastUsed from the listing', async () => {
    recorded();
    stubPlacebo(iam.on(ListUsersCommand), 'test_iam_access_key_filter_age__iam.ListUsers_1.json');
    const { items } = await iamUsersCollector.collect(ctx);
    expect(items[0]?.configuration.passwordLastUsed).toBe('2018-12-02T03:25:42.000Z');
  });

  it('pages ListUsers and the per-user listings (IsTruncated/Marker); no users is an empty inventory', async () => {
    recorded();
    // Page shape of the IAM API reference (IsTruncated, Marker); no recording has two pages.
    iam
      .on(ListUsersCommand)
      .resolvesOnce({
        Users: [{ UserName: CONSOLE_USER, UserId: 'AIDA1', Arn: 'arn:x', Path: '/', CreateDate: new Date(0) }],
        IsTruncated: true,
        Marker: 'm1',
      })
      .resolvesOnce({
        Users: [{ UserName: KEYS_USER, UserId: 'AIDA2', Arn: 'arn:y', Path: '/', CreateDate: new Date(0) }],
        IsTruncated: false,
      });
    iam
      .on(ListGroupsForUserCommand, { UserName: CONSOLE_USER })
      .resolvesOnce({ Groups: [], IsTruncated: true, Marker: 'g1' })
      .resolvesOnce({
        Groups: [{ GroupName: 'ops', GroupId: 'AGPA1', Arn: 'arn:g', Path: '/', CreateDate: new Date(0) }],
        IsTruncated: false,
      });
    const { items } = await iamUsersCollector.collect(ctx);
    expect(items.map((ci) => ci.resourceId)).toEqual(['AIDA1', 'AIDA2']);
    expect(iam.commandCalls(ListUsersCommand).map((c) => c.args[0].input)).toEqual([{}, { Marker: 'm1' }]);
    expect(items[0]?.configuration.groupList).toEqual(['ops']);

    iam.on(ListUsersCommand).resolves({ Users: [], IsTruncated: false });
    expect((await iamUsersCollector.collect(ctx)).items).toEqual([]);
  });

  it('records a denied per-user read in unknown under the property it feeds', async () => {
    recorded();
    iam.on(ListAccessKeysCommand, { UserName: KEYS_USER }).rejects(denied());
    iam.on(GetLoginProfileCommand, { UserName: CONSOLE_USER }).rejects(denied());
    const { items } = await iamUsersCollector.collect(ctx);
    expect(items[0]?.unknown).toEqual({ loginProfile: 'AccessDenied' });
    expect(items[1]?.unknown).toEqual({ accessKeys: 'AccessDenied' });
    expect(items[1]?.configuration).not.toHaveProperty('accessKeys');
  });

  it('lets throttling and a failing ListUsers propagate', async () => {
    recorded();
    iam.on(ListGroupsForUserCommand).rejects(new PlaceboServiceError('Throttling', 'Rate exceeded', 400, {}));
    await expect(iamUsersCollector.collect(ctx)).rejects.toMatchObject({ name: 'Throttling' });
    iam.reset();
    iam.on(ListUsersCommand).rejects(denied());
    await expect(iamUsersCollector.collect(ctx)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('iamUsersCollector: readOne', () => {
  const ref = { resourceType: 'AWS::IAM::User', accountId: ACCOUNT, region: 'global' };

  it('reads a user by name with GetUser', async () => {
    recorded();
    stubPlacebo(iam.on(GetUserCommand), 'test_iam_user_login_profile__iam.GetUser_1.json');
    const ci = await iamUsersCollector.readOne?.(ctx, { ...ref, resourceName: CONSOLE_USER });
    expect(ci).toMatchObject({ resourceId: 'AIDARNRRQBPMCGMIQBMH4', configuration: { groupList: ['AdminGroup'] } });
    expect(iam.commandCalls(ListUsersCommand)).toHaveLength(0);
  });

  it('a deleted user (NoSuchEntity) is gone; a reference by id alone is found in the listing', async () => {
    recorded();
    iam
      .on(GetUserCommand)
      .rejects(new PlaceboServiceError('NoSuchEntity', 'The user with name x cannot be found.', 404, {}));
    expect(await iamUsersCollector.readOne?.(ctx, { ...ref, resourceName: 'x' })).toBeUndefined();
    const byId = await iamUsersCollector.readOne?.(ctx, { ...ref, resourceId: 'AIDARNRRQBPMMX4SVHZDJ' });
    expect(byId?.resourceName).toBe(KEYS_USER);
  });
});
