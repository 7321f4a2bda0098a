/**
 * The IAM cases of the sample estate: per account, the Warden `Warden::IAM::Account` item (root
 * keys and MFA, password policy), a few IAM users and customer managed policies. IAM is global: its
 * items say `awsRegion: 'global'` and come with one region's snapshot only (us-east-1), as Config
 * delivers global resources with the region that records them.
 *
 * The users carry the live collector's additions (`accessKeys`, `loginProfile`, `passwordLastUsed`,
 * see tasks/shared/inventory/iam-users.ts), as an API-read account would; Config itself records none
 * of them. payments-prod is well kept, data-platform has the usual drift (a virtual root MFA, a weak
 * password policy, a service user with its own policies and an old key, an admin policy), sandbox is
 * sloppy (root keys, no MFA, no password policy, forgotten credentials).
 */
import { configurationItem, DATA, type Json, PAYMENTS, type Resource, SANDBOX, SNAPSHOT_TIME, sha } from './kit';

/** The region whose snapshot carries the account's global (IAM) items. */
const GLOBAL_ITEMS_REGION = 'us-east-1';

const ROOT_KEYS = 'iam-root-no-access-keys';
const ROOT_MFA = 'iam-root-mfa';
const ROOT_HW_MFA = 'iam-root-hardware-mfa';
const PASSWORD_POLICY = 'iam-password-policy';
const DIRECT_POLICIES = 'iam-user-no-direct-policies';
const KEYS_ROTATED = 'iam-user-access-keys-rotated';
const UNUSED_CREDENTIALS = 'iam-user-unused-credentials';
const FULL_ADMIN = 'iam-policy-no-full-admin';
const CONSOLE_MFA = 'iam-user-console-mfa';

/** IAM unique ids: a 4-letter prefix (`AIDA` user, `ANPA` policy, `AGPA` group) + 17 characters. */
function iamId(prefix: string, seed: string): string {
  return `${prefix}${sha(seed).slice(0, 17).toUpperCase()}`;
}

const STRONG_POLICY = {
  minimumPasswordLength: 16,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  expirePasswords: false,
  passwordReusePrevention: 24,
  hardExpiry: false,
};

interface AccountSpec {
  readonly accessKeys: 0 | 1;
  readonly mfa: 0 | 1;
  readonly virtualRootMfa: boolean;
  readonly passwordPolicy: Json | null;
  readonly users: number;
  readonly policies: number;
}

function iamAccount(accountId: string, spec: AccountSpec): Json {
  return configurationItem({
    accountId,
    region: 'global',
    resourceType: 'Warden::IAM::Account',
    resourceId: accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: null,
    configuration: {
      accountSummary: {
        accountAccessKeysPresent: spec.accessKeys,
        accountMFAEnabled: spec.mfa,
        accountSigningCertificatesPresent: 0,
        users: spec.users,
        policies: spec.policies,
        mfaDevices: spec.mfa + spec.users,
        mfaDevicesInUse: spec.mfa + spec.users,
      },
      passwordPolicy: spec.passwordPolicy,
      rootVirtualMfaDevices: spec.virtualRootMfa ? [`arn:aws:iam::${accountId}:mfa/root-account-mfa-device`] : [],
    },
  });
}

interface KeySpec {
  readonly created: string;
  /** `null` = never used. */
  readonly lastUsed: string | null;
  readonly active?: boolean;
}

interface UserSpec {
  readonly name: string;
  readonly path?: string;
  readonly created: string;
  readonly groups: readonly string[];
  readonly inline?: readonly string[];
  readonly managed?: readonly string[];
  /** Console password: when it was set and last used (`null` = never). */
  readonly console?: { readonly created: string; readonly lastUsed: string | null };
  readonly keys?: readonly KeySpec[];
  /** The user has an MFA device (enabled with the console password). */
  readonly mfa?: boolean;
}

function iamUser(accountId: string, user: UserSpec): Json {
  const path = user.path ?? '/';
  const userId = iamId('AIDA', `user:${accountId}:${user.name}`);
  const arn = `arn:aws:iam::${accountId}:user${path}${user.name}`;
  return configurationItem({
    accountId,
    region: 'global',
    resourceType: 'AWS::IAM::User',
    resourceId: userId,
    resourceName: user.name,
    arn,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: user.created,
    configuration: {
      path,
      userName: user.name,
      userId,
      arn,
      createDate: user.created,
      userPolicyList: (user.inline ?? []).map((policyName) => ({ policyName })),
      groupList: [...user.groups],
      attachedManagedPolicies: (user.managed ?? []).map((policyArn) => ({
        policyName: policyArn.split('/').pop() ?? policyArn,
        policyArn,
      })),
      permissionsBoundary: null,
      // Warden additions of the live collector (Config records none of these).
      passwordLastUsed: user.console?.lastUsed ?? null,
      loginProfile:
        user.console === undefined ? null : { createDate: user.console.created, passwordResetRequired: false },
      accessKeys: (user.keys ?? []).map((key, index) => ({
        accessKeyId: `AKIA${sha(`key:${accountId}:${user.name}:${index}`).slice(0, 16).toUpperCase()}`,
        status: key.active === false ? 'Inactive' : 'Active',
        createDate: key.created,
        lastUsedDate: key.lastUsed,
        lastUsedServiceName: key.lastUsed === null ? 'N/A' : 's3',
      })),
      mfaDevices:
        user.mfa === true
          ? [
              {
                serialNumber: `arn:aws:iam::${accountId}:mfa/${user.name}`,
                enableDate: user.console?.created ?? user.created,
              },
            ]
          : [],
    },
    relationships: user.groups.map((group) => ({
      resourceType: 'AWS::IAM::Group',
      resourceId: iamId('AGPA', `group:${accountId}:${group}`),
      name: 'Is contained in Group',
    })),
  });
}

interface PolicySpec {
  readonly name: string;
  readonly statements: readonly Json[];
  readonly attachments: number;
  readonly boundaryUses?: number;
}

function iamPolicy(accountId: string, policy: PolicySpec): Json {
  const policyId = iamId('ANPA', `policy:${accountId}:${policy.name}`);
  const arn = `arn:aws:iam::${accountId}:policy/${policy.name}`;
  const created = '2025-04-14T09:30:00.000Z';
  return configurationItem({
    accountId,
    region: 'global',
    resourceType: 'AWS::IAM::Policy',
    resourceId: policyId,
    resourceName: policy.name,
    arn,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: created,
    configuration: {
      policyName: policy.name,
      policyId,
      arn,
      path: '/',
      defaultVersionId: 'v1',
      attachmentCount: policy.attachments,
      permissionsBoundaryUsageCount: policy.boundaryUses ?? 0,
      isAttachable: true,
      createDate: created,
      updateDate: created,
      // URL-encoded, as Config records IAM policy documents.
      policyVersionList: [
        {
          document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: policy.statements })),
          versionId: 'v1',
          isDefaultVersion: true,
          createDate: created,
        },
      ],
    },
  });
}

const OK = 'COMPLIANT';

function paymentsCases(a: string): Resource[] {
  return [
    {
      ci: iamAccount(a, {
        accessKeys: 0,
        mfa: 1,
        virtualRootMfa: false,
        passwordPolicy: STRONG_POLICY,
        users: 2,
        policies: 1,
      }),
      label: 'payments-prod IAM account settings',
      note: 'root without keys, hardware MFA on root, 16-character password policy remembering 24',
      expect: { [ROOT_KEYS]: OK, [ROOT_MFA]: OK, [ROOT_HW_MFA]: OK, [PASSWORD_POLICY]: OK },
    },
    {
      ci: iamUser(a, {
        name: 'ci-deployer',
        path: '/automation/',
        created: '2024-06-03T08:00:00.000Z',
        groups: ['deployers'],
        keys: [{ created: '2026-10-06T07:00:00.000Z', lastUsed: '2026-11-20T22:41:00.000Z' }],
      }),
      label: 'payments-prod ci-deployer',
      note: 'permissions through a group, key rotated 45 days ago and used yesterday',
      expect: { [DIRECT_POLICIES]: OK, [KEYS_ROTATED]: OK, [UNUSED_CREDENTIALS]: OK },
    },
    {
      ci: iamUser(a, {
        name: 'oncall-console',
        created: '2023-09-11T10:00:00.000Z',
        groups: ['payments-oncall'],
        console: { created: '2023-09-11T10:05:00.000Z', lastUsed: '2026-11-18T03:12:00.000Z' },
        mfa: true,
      }),
      label: 'payments-prod oncall-console',
      note: 'console only with MFA, used three days ago',
      expect: {
        [UNUSED_CREDENTIALS]: OK,
        [CONSOLE_MFA]: OK,
        [KEYS_ROTATED]: 'NOT_APPLICABLE (no active access keys)',
      },
    },
    {
      ci: iamPolicy(a, {
        name: 'payments-deploy',
        attachments: 1,
        statements: [
          {
            Sid: 'DeployStacks',
            Effect: 'Allow',
            Action: ['cloudformation:*', 's3:PutObject'],
            Resource: [`arn:aws:cloudformation:*:${a}:stack/payments-*/*`, 'arn:aws:s3:::payments-prod-artifacts/*'],
          },
        ],
      }),
      label: 'payments-prod payments-deploy policy',
      note: 'scoped actions on named stacks and one bucket',
      expect: { [FULL_ADMIN]: OK },
    },
  ];
}

function dataCases(a: string): Resource[] {
  return [
    {
      ci: iamAccount(a, {
        accessKeys: 0,
        mfa: 1,
        virtualRootMfa: true,
        passwordPolicy: {
          minimumPasswordLength: 12,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercaseCharacters: true,
          requireLowercaseCharacters: true,
          allowUsersToChangePassword: true,
          expirePasswords: false,
          passwordReusePrevention: 5,
        },
        users: 2,
        policies: 2,
      }),
      label: 'data-platform IAM account settings',
      note: 'root MFA is a virtual device; password policy of 12 characters remembering 5',
      expect: {
        [ROOT_KEYS]: OK,
        [ROOT_MFA]: OK,
        [ROOT_HW_MFA]: 'NON_COMPLIANT (virtual MFA device on root)',
        [PASSWORD_POLICY]: 'NON_COMPLIANT (12 characters, 5 remembered: 14 and 24 required)',
      },
    },
    {
      ci: iamUser(a, {
        name: 'etl-runner',
        path: '/service/',
        created: '2023-02-20T12:00:00.000Z',
        groups: [],
        inline: ['s3-raw-zone-access'],
        managed: [`arn:aws:iam::${a}:policy/analytics-admin`],
        keys: [{ created: '2025-09-29T12:00:00.000Z', lastUsed: '2026-11-21T05:40:00.000Z' }],
      }),
      label: 'data-platform etl-runner',
      note: 'a service user with its own inline and attached policies, one active key 417 days old but in daily use',
      expect: {
        [DIRECT_POLICIES]: 'NON_COMPLIANT (inline s3-raw-zone-access, attached analytics-admin)',
        [KEYS_ROTATED]: 'NON_COMPLIANT (key older than 90 days)',
        [UNUSED_CREDENTIALS]: OK,
      },
    },
    {
      ci: iamUser(a, {
        name: 'maria.silva',
        created: '2024-02-12T09:14:00.000Z',
        groups: ['data-engineers'],
        console: { created: '2024-02-12T09:20:00.000Z', lastUsed: '2026-11-19T08:02:00.000Z' },
        mfa: true,
        keys: [
          { created: '2026-09-01T09:30:00.000Z', lastUsed: '2026-11-20T16:02:00.000Z' },
          { created: '2025-01-10T09:30:00.000Z', lastUsed: '2025-08-30T10:00:00.000Z', active: false },
        ],
      }),
      label: 'data-platform maria.silva',
      note: 'group permissions, console and a fresh key in use; the old key is deactivated',
      expect: { [DIRECT_POLICIES]: OK, [KEYS_ROTATED]: OK, [UNUSED_CREDENTIALS]: OK, [CONSOLE_MFA]: OK },
    },
    {
      ci: iamPolicy(a, {
        name: 'analytics-admin',
        attachments: 1,
        statements: [{ Sid: 'AnalyticsEverything', Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
      label: 'data-platform analytics-admin policy',
      note: '"*" on "*", attached to etl-runner',
      expect: { [FULL_ADMIN]: 'NON_COMPLIANT (allows every action on every resource)' },
    },
    {
      ci: iamPolicy(a, {
        name: 'athena-readers',
        attachments: 1,
        statements: [
          { Effect: 'Allow', Action: ['athena:Get*', 'athena:List*', 'athena:StartQueryExecution'], Resource: '*' },
        ],
      }),
      label: 'data-platform athena-readers policy',
      note: 'read-mostly Athena access',
      expect: { [FULL_ADMIN]: OK },
    },
  ];
}

function sandboxCases(a: string): Resource[] {
  return [
    {
      ci: iamAccount(a, { accessKeys: 1, mfa: 0, virtualRootMfa: false, passwordPolicy: null, users: 2, policies: 2 }),
      label: 'sandbox IAM account settings',
      note: 'root has an access key and no MFA; no password policy at all',
      expect: {
        [ROOT_KEYS]: 'NON_COMPLIANT (root access key present)',
        [ROOT_MFA]: 'NON_COMPLIANT (root without MFA)',
        [ROOT_HW_MFA]: 'NON_COMPLIANT (no MFA at all)',
        [PASSWORD_POLICY]: 'NON_COMPLIANT (no password policy)',
      },
    },
    {
      ci: iamUser(a, {
        name: 'test-integration',
        created: '2025-12-01T14:00:00.000Z',
        groups: ['sandbox-users'],
        keys: [{ created: '2025-12-01T14:05:00.000Z', lastUsed: null }],
      }),
      label: 'sandbox test-integration',
      note: 'a key created almost a year ago and never used',
      expect: {
        [CONSOLE_MFA]: 'NOT_APPLICABLE (no console password)',
        [UNUSED_CREDENTIALS]: 'NON_COMPLIANT (key never used)',
        [KEYS_ROTATED]: 'NON_COMPLIANT (key older than 90 days)',
      },
    },
    {
      ci: iamUser(a, {
        name: 'intern-2025',
        created: '2025-06-02T09:00:00.000Z',
        groups: [],
        managed: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        console: { created: '2025-06-02T09:05:00.000Z', lastUsed: '2025-08-29T16:30:00.000Z' },
      }),
      label: 'sandbox intern-2025',
      note: 'AdministratorAccess attached directly; console password without MFA, unused since the internship ended',
      expect: {
        [CONSOLE_MFA]: 'NON_COMPLIANT (console password, no MFA device)',
        [DIRECT_POLICIES]: 'NON_COMPLIANT (AdministratorAccess attached to the user)',
        [UNUSED_CREDENTIALS]: 'NON_COMPLIANT (console password unused for 448 days)',
      },
    },
    {
      ci: iamPolicy(a, {
        name: 'sandbox-everything',
        attachments: 3,
        statements: [{ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }],
      }),
      label: 'sandbox sandbox-everything policy',
      note: '"*:*" on "*" attached three times',
      expect: { [FULL_ADMIN]: 'NON_COMPLIANT ("*:*" on "*")' },
    },
    {
      ci: iamPolicy(a, {
        name: 'sandbox-boundary',
        attachments: 0,
        boundaryUses: 4,
        statements: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        ],
      }),
      label: 'sandbox sandbox-boundary policy',
      note: 'permissions boundary of the sandbox users: caps, grants nothing',
      expect: { [FULL_ADMIN]: 'NOT_APPLICABLE (used only as a permissions boundary)' },
    },
  ];
}

/** The account's IAM items, with its us-east-1 snapshot only. */
function iamCases(accountId: string, region: string): Resource[] {
  if (region !== GLOBAL_ITEMS_REGION) return [];
  if (accountId === PAYMENTS) return paymentsCases(accountId);
  if (accountId === DATA) return dataCases(accountId);
  if (accountId === SANDBOX) return sandboxCases(accountId);
  return [];
}

export { iamCases };
