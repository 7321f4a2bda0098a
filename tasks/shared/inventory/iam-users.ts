/**
 * IAM users as AWS Config `AWS::IAM::User` configuration items (resourceId = the user id `AIDA…`,
 * resourceName = the user name, `region: 'global'`), read once per account.
 *
 * Config's properties (awslabs/aws-config-resource-schema): `userName`, `userId`, `arn`, `path`,
 * `createDate`, `permissionsBoundary`, `userPolicyList[].policyName` (inline policies, from
 * ListUserPolicies: names only, the documents are not read), `attachedManagedPolicies[].{policyName,
 * policyArn}` (ListAttachedUserPolicies) and `groupList` (group names, ListGroupsForUser);
 * relationships to the groups and to the account's customer managed policies, as Config records them.
 *
 * Warden additions (Config records none of them, so rules that need them throw UnknownPropertyError on
 * a Config item):
 * - `passwordLastUsed`: ListUsers' `PasswordLastUsed`, `null` when the password was never used;
 * - `loginProfile`: `{createDate, passwordResetRequired}` from GetLoginProfile, `null` when the user
 *   has no console password (`NoSuchEntity`);
 * - `accessKeys[]`: `{accessKeyId, status, createDate, lastUsedDate, lastUsedServiceName}` from
 *   ListAccessKeys and one GetAccessKeyLastUsed per key (`lastUsedDate: null` = never used);
 * - `mfaDevices[]`: `{serialNumber, enableDate}` of the user's MFA devices (ListMFADevices: virtual,
 *   hardware and FIDO alike).
 *
 * Cost: ListUsers pages, then per user 6 calls plus one per access key (at most 2), run for
 * `USER_CONCURRENCY` users at a time. The credential report would be one call, but it is generated
 * asynchronously (GenerateCredentialReport, then poll until `COMPLETE`, at most every 4 hours) and
 * carries no policies or groups, which Config records and IAM.2 needs.
 *
 * A per-user call failing for another reason than throttling (AccessDenied) goes to the item's
 * `unknown` map under the property it feeds; throttling and a failing ListUsers propagate.
 */
import {
  type AccessKeyMetadata,
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
  type User,
} from '@aws-sdk/client-iam';
import { errorName } from '../aws/aws-errors';
import { mapLimit } from '../aws/concurrency';
import { collectPages } from '../aws/pager';
import type { ResourceRef } from '../events/event-model';
import type { ConfigurationItem, Relationship } from '../model';
import { isThrottlingError } from '../throttling';
import { type CollectContext, defineCollector, GLOBAL_REGION } from './collector';
import { tagMap, toConfigCase } from './config-case';

const IAM_USER_TYPE = 'AWS::IAM::User';

/** Users read at the same time (each read is 6–8 sequential calls; IAM's API is rate-limited per account). */
const USER_CONCURRENCY = 4;

/** The error IAM answers for a user (or login profile) that does not exist. */
const NO_SUCH_ENTITY = 'NoSuchEntity';

type Attempt<T> = { readonly value: T } | { readonly error: string };

/** Reads one property: its value, or the error name when the call failed for a reason other than throttling. */
async function attempt<T>(read: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { error: errorName(error) };
  }
}

/** Every page of an IAM `Marker`/`IsTruncated` listing. */
function iamPages<T>(
  what: string,
  fetch: (marker: string | undefined) => Promise<{ items?: T[]; IsTruncated?: boolean; Marker?: string }>,
): Promise<T[]> {
  return collectPages(what, async (marker) => {
    const page = await fetch(marker);
    return { items: page.items ?? [], nextToken: page.IsTruncated === true ? page.Marker : undefined };
  });
}

const marker = (value: string | undefined) => (value === undefined ? {} : { Marker: value });

async function accessKeys(iam: IAMClient, userName: string): Promise<Record<string, unknown>[]> {
  const keys: AccessKeyMetadata[] = await iamPages('ListAccessKeys', async (m) => {
    const page = await iam.send(new ListAccessKeysCommand({ UserName: userName, ...marker(m) }));
    return { ...page, items: page.AccessKeyMetadata };
  });
  const out: Record<string, unknown>[] = [];
  for (const key of keys) {
    if (key.AccessKeyId === undefined) continue;
    const used = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }))).AccessKeyLastUsed;
    out.push({
      accessKeyId: key.AccessKeyId,
      status: key.Status,
      createDate: key.CreateDate?.toISOString(),
      lastUsedDate: used?.LastUsedDate?.toISOString() ?? null,
      // `N/A` when the key was never used (IAM API reference, AccessKeyLastUsed).
      lastUsedServiceName: used?.ServiceName ?? null,
    });
  }
  return out;
}

async function loginProfile(iam: IAMClient, userName: string): Promise<Record<string, unknown> | null> {
  try {
    const profile = (await iam.send(new GetLoginProfileCommand({ UserName: userName }))).LoginProfile;
    return {
      createDate: profile?.CreateDate?.toISOString(),
      passwordResetRequired: profile?.PasswordResetRequired ?? false,
    };
  } catch (error) {
    if (errorName(error) === NO_SUCH_ENTITY) return null;
    throw error;
  }
}

/** The user's item: the listing's fields plus one read per property. */
async function userToCi(
  iam: IAMClient,
  user: User,
  accountId: string,
  captureTime: string,
): Promise<ConfigurationItem> {
  const userName = user.UserName ?? '';
  const reads = {
    userPolicyList: await attempt(async () =>
      (
        await iamPages('ListUserPolicies', async (m) => {
          const page = await iam.send(new ListUserPoliciesCommand({ UserName: userName, ...marker(m) }));
          return { ...page, items: page.PolicyNames };
        })
      ).map((policyName) => ({ policyName })),
    ),
    attachedManagedPolicies: await attempt(async () =>
      (
        await iamPages('ListAttachedUserPolicies', async (m) => {
          const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, ...marker(m) }));
          return { ...page, items: page.AttachedPolicies };
        })
      ).map((policy) => ({ policyName: policy.PolicyName, policyArn: policy.PolicyArn })),
    ),
    groupList: await attempt(async () =>
      (
        await iamPages('ListGroupsForUser', async (m) => {
          const page = await iam.send(new ListGroupsForUserCommand({ UserName: userName, ...marker(m) }));
          return { ...page, items: page.Groups };
        })
      )
        .map((group) => group.GroupName)
        .filter((name): name is string => name !== undefined),
    ),
    accessKeys: await attempt(() => accessKeys(iam, userName)),
    mfaDevices: await attempt(async () =>
      (
        await iamPages('ListMFADevices', async (m) => {
          const page = await iam.send(new ListMFADevicesCommand({ UserName: userName, ...marker(m) }));
          return { ...page, items: page.MFADevices };
        })
      ).map((device) => ({ serialNumber: device.SerialNumber, enableDate: device.EnableDate?.toISOString() })),
    ),
    loginProfile: await attempt(() => loginProfile(iam, userName)),
  };
  const configuration: Record<string, unknown> = {
    ...(toConfigCase({
      UserName: user.UserName,
      UserId: user.UserId,
      Arn: user.Arn,
      Path: user.Path,
      CreateDate: user.CreateDate,
      PermissionsBoundary: user.PermissionsBoundary,
    }) as Record<string, unknown>),
    passwordLastUsed: user.PasswordLastUsed?.toISOString() ?? null,
  };
  const unknown: Record<string, string> = {};
  for (const [property, read] of Object.entries(reads)) {
    if ('value' in read) configuration[property] = read.value;
    else unknown[property] = read.error;
  }
  const relationships: Relationship[] = [
    ...('value' in reads.groupList ? reads.groupList.value : []).map((group) => ({
      resourceType: 'AWS::IAM::Group',
      resourceName: group,
      name: 'Is contained in Group',
    })),
    ...('value' in reads.attachedManagedPolicies ? reads.attachedManagedPolicies.value : [])
      .filter((policy) => policy.policyArn?.includes(`::${accountId}:policy/`) === true)
      .map((policy) => ({
        resourceType: 'AWS::IAM::Policy',
        ...(policy.policyName === undefined ? {} : { resourceName: policy.policyName }),
        name: 'Is attached to CustomerManagedPolicy',
      })),
  ];
  return {
    resourceType: IAM_USER_TYPE,
    resourceId: user.UserId ?? userName,
    resourceName: userName,
    arn: user.Arn ?? '',
    accountId,
    region: GLOBAL_REGION,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    captureTime,
    configuration,
    supplementaryConfiguration: {},
    tags: tagMap(user.Tags),
    relationships,
    ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
  };
}

async function collectIamUsers(ctx: CollectContext): Promise<ConfigurationItem[]> {
  const iam = ctx.client(IAMClient, ctx.region);
  const captureTime = new Date().toISOString();
  const users = await iamPages('ListUsers', async (m) => {
    const page = await iam.send(new ListUsersCommand(marker(m)));
    return { ...page, items: page.Users };
  });
  return mapLimit(users, USER_CONCURRENCY, (user) => userToCi(iam, user, ctx.accountId, captureTime));
}

/**
 * One user by name (GetUser, which also returns its tags); `undefined` when it no longer exists. A
 * reference with only the user id (IAM has no lookup by id) is found in the whole listing.
 */
async function readIamUser(ctx: CollectContext, ref: ResourceRef): Promise<ConfigurationItem | undefined> {
  const iam = ctx.client(IAMClient, ctx.region);
  const userName = ref.resourceName;
  if (userName === undefined) return (await collectIamUsers(ctx)).find((ci) => ci.resourceId === ref.resourceId);
  try {
    const user = (await iam.send(new GetUserCommand({ UserName: userName }))).User;
    return user === undefined ? undefined : await userToCi(iam, user, ctx.accountId, new Date().toISOString());
  } catch (error) {
    if (errorName(error) === NO_SUCH_ENTITY) return undefined;
    throw error;
  }
}

const iamUsersCollector = defineCollector({
  resourceTypes: [IAM_USER_TYPE],
  scope: 'account',
  api: 'iam:ListUsers',
  reads: [
    'iam:ListUsers',
    'iam:GetUser',
    'iam:ListUserPolicies',
    'iam:ListAttachedUserPolicies',
    'iam:ListGroupsForUser',
    'iam:ListAccessKeys',
    'iam:GetAccessKeyLastUsed',
    'iam:ListMFADevices',
    'iam:GetLoginProfile',
  ],
  recordedByConfig: true,
  collect: async (ctx) => ({ items: await collectIamUsers(ctx) }),
  readOne: readIamUser,
});

export { IAM_USER_TYPE, iamUsersCollector };
