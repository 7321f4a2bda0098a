/**
 * Who may read or write a bucket, as S3 decides it, for the public read (FSBP S3.2) and public write
 * (FSBP S3.3) rules. A bucket is open to the public through its policy (an `Allow` to everyone without
 * a condition pinning the caller, `../policy-document.ts`) or its ACL (a grant to the `AllUsers` or
 * `AuthenticatedUsers` group), unless Block Public Access neutralises that path: `RestrictPublicBuckets`
 * cuts a public policy down to AWS services and the owner's own principals, `IgnorePublicAcls` makes
 * S3 ignore public grants. S3 applies a setting when either the bucket or the account has it on.
 *
 * Reads what AWS Config records for AWS::S3::Bucket: `supplementaryConfiguration.BucketPolicy.policyText`,
 * `.AccessControlList.grantList[].{grantee, permission}` (an object, or the JSON string Config writes in
 * snapshot files), `.PublicAccessBlockConfiguration`, and the account's
 * `AWS::S3::AccountPublicAccessBlock` through the evaluation context.
 */
import { isGone } from '../../shared/ci';
import type { ConfigurationItem } from '../../shared/model';
import { booleanOf, isRecord, listOf, newest, stringOf } from '../ci-values';
import { coversAction, isPublicStatement, PolicyDocumentError, parsePolicy } from '../policy-document';
import type { EvaluationContext } from '../rule';

const ACCOUNT_PAB_TYPE = 'AWS::S3::AccountPublicAccessBlock';

type Access = 'read' | 'write';

/** Actions that read a bucket's data (list it, get objects) or change it (put, delete, re-permission). */
const ACTIONS: Readonly<Record<Access, readonly string[]>> = {
  read: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions'],
  write: [
    's3:PutObject',
    's3:DeleteObject',
    's3:DeleteObjectVersion',
    's3:PutObjectAcl',
    's3:PutBucketAcl',
    's3:PutBucketPolicy',
    's3:DeleteBucketPolicy',
  ],
};

/** ACL permissions (Config's names) that give the access: WriteAcp lets the grantee grant itself anything. */
const ACL_PERMISSIONS: Readonly<Record<Access, readonly string[]>> = {
  read: ['Read', 'FullControl'],
  write: ['Write', 'WriteAcp', 'FullControl'],
};

/** The groups that make a grant public: anyone, and anyone with any AWS account. */
const PUBLIC_GROUPS = ['AllUsers', 'AuthenticatedUsers'] as const;

/** One way the bucket is open, in words, for the message. */
interface Exposure {
  readonly via: 'policy' | 'acl';
  readonly detail: string;
}

/** The verdict: open (and how), not open, or a property it depends on could not be read. */
type AccessVerdict =
  | { readonly kind: 'private'; readonly evidence: Record<string, unknown> }
  | { readonly kind: 'public'; readonly exposures: readonly Exposure[]; readonly evidence: Record<string, unknown> }
  | { readonly kind: 'unknown'; readonly property: string; readonly why: string };

/** A value Config records as an object or as a JSON string (snapshot files, sometimes encoded twice). */
function decoded(value: unknown): unknown {
  let out = value;
  for (let i = 0; i < 2 && typeof out === 'string'; i++) {
    try {
      out = JSON.parse(out) as unknown;
    } catch {
      return out;
    }
  }
  return out;
}

type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

/** The public statements of the bucket policy that grant `access`, each as `Sid: actions`. */
function policyExposures(ci: ConfigurationItem, access: Access): Found<Exposure[]> {
  const denied = ci.unknown?.BucketPolicy;
  if (denied !== undefined) return { ok: false, why: denied };
  const policy = decoded(ci.supplementaryConfiguration.BucketPolicy);
  const text = isRecord(policy) ? policy.policyText : undefined;
  if (text === undefined || text === null || text === '') return { ok: true, value: [] };
  let statements: ReturnType<typeof parsePolicy>;
  try {
    statements = parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyDocumentError) return { ok: false, why: error.message };
    throw error;
  }
  const exposures = statements.flatMap((statement, index): Exposure[] => {
    if (!isPublicStatement(statement)) return [];
    const granted = ACTIONS[access].filter((action) => coversAction(statement, action));
    if (granted.length === 0) return [];
    return [{ via: 'policy', detail: `statement ${statement.sid ?? `#${index + 1}`} allows ${granted.join(', ')}` }];
  });
  return { ok: true, value: exposures };
}

/** The grantee of one `grantList` entry as a group name, when it is one (Config's name or the group URI). */
function groupOf(grantee: unknown): string | undefined {
  const name = stringOf(grantee) ?? (isRecord(grantee) ? stringOf(grantee.uri ?? grantee.URI) : undefined);
  return name?.split('/').pop();
}

/** The ACL's grants to a public group that give `access`, each as `Group: Permission`. */
function aclExposures(ci: ConfigurationItem, access: Access): Found<Exposure[]> {
  const denied = ci.unknown?.AccessControlList;
  if (denied !== undefined) return { ok: false, why: denied };
  const acl = decoded(ci.supplementaryConfiguration.AccessControlList);
  if (acl === undefined || acl === null) return { ok: false, why: 'AccessControlList not recorded' };
  if (!isRecord(acl)) return { ok: false, why: 'AccessControlList is neither an object nor its JSON text' };
  const exposures = listOf(acl.grantList).flatMap((grant): Exposure[] => {
    if (!isRecord(grant)) return [];
    const group = groupOf(grant.grantee);
    const permission = stringOf(grant.permission);
    if (group === undefined || !(PUBLIC_GROUPS as readonly string[]).includes(group)) return [];
    if (permission === undefined || !ACL_PERMISSIONS[access].includes(permission)) return [];
    return [{ via: 'acl', detail: `the ACL grants ${permission} to ${group}` }];
  });
  return { ok: true, value: exposures };
}

type Setting = 'restrictPublicBuckets' | 'ignorePublicAcls';

/** Whether a Block Public Access setting is on at the bucket or account level; `unknown` when it cannot be told. */
function blockSetting(
  ci: ConfigurationItem,
  setting: Setting,
  context: EvaluationContext | undefined,
): Found<{ on: boolean; level?: 'bucket' | 'account' }> {
  const bucketDenied = ci.unknown?.PublicAccessBlockConfiguration;
  const bucket = ci.supplementaryConfiguration.PublicAccessBlockConfiguration;
  if (bucketDenied === undefined && isRecord(bucket) && booleanOf(bucket[setting]) === true) {
    return { ok: true, value: { on: true, level: 'bucket' } };
  }
  if (context === undefined)
    return { ok: false, why: 'no evaluation context: the account-level block was not looked up' };
  const account = newest(context.related(ACCOUNT_PAB_TYPE).filter((c) => !isGone(c)));
  const accountDenied = account?.unknown?.configuration;
  if (account !== undefined && accountDenied === undefined && booleanOf(account.configuration[setting]) === true) {
    return { ok: true, value: { on: true, level: 'account' } };
  }
  // Off at every level that could be read; a level that could not be read might have it on.
  if (bucketDenied !== undefined) return { ok: false, why: `bucket-level block: ${bucketDenied}` };
  if (accountDenied !== undefined) return { ok: false, why: `account-level block: ${accountDenied}` };
  return { ok: true, value: { on: false } };
}

/**
 * Whether anyone may `access` the bucket: its public policy statements unless `RestrictPublicBuckets`
 * is on, its public ACL grants unless `IgnorePublicAcls` is on. A path that is closed needs nothing
 * else; an open one needs the block settings, read only then.
 */
function publicAccess(ci: ConfigurationItem, access: Access, context: EvaluationContext | undefined): AccessVerdict {
  const paths = [
    { property: 'BucketPolicy', setting: 'restrictPublicBuckets', found: policyExposures(ci, access) },
    { property: 'AccessControlList', setting: 'ignorePublicAcls', found: aclExposures(ci, access) },
  ] as const;
  const exposures: Exposure[] = [];
  const evidence: Record<string, unknown> = {};
  for (const path of paths) {
    const block = blockSetting(ci, path.setting, context);
    // A neutralised path is closed whatever it says (and need not be readable).
    if (block.ok && block.value.on) {
      evidence[path.setting] = block.value.level;
      continue;
    }
    if (!path.found.ok) return { kind: 'unknown', property: path.property, why: path.found.why };
    if (path.found.value.length === 0) continue;
    if (!block.ok) return { kind: 'unknown', property: path.setting, why: block.why };
    exposures.push(...path.found.value);
  }
  evidence.publicVia = exposures.map((e) => e.detail);
  return exposures.length === 0 ? { kind: 'private', evidence } : { kind: 'public', exposures, evidence };
}

export { ACCOUNT_PAB_TYPE, type AccessVerdict, type Exposure, publicAccess };
