/**
 * The building blocks of the sample estate (`./generate.ts`): deterministic ids, the accounts,
 * the configuration-item shape of Config snapshot files, and what a case is (a resource with the
 * finding each rule should produce). Each service area's cases live in their own module beside
 * the generator and are built with these.
 */
import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;
type Tags = Record<string, string>;

const SNAPSHOT_TIME = '2026-11-21T06:00:00.000Z';
const PREVIOUS_SNAPSHOT_TIME = '2026-11-20T06:00:00.000Z';
const ACTIVE_UNTIL = '2030-12-31T00:00:00Z';

// ---------------------------------------------------------------------------------------------
// Deterministic ids
// ---------------------------------------------------------------------------------------------

function sha(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** EC2-style id: `<prefix>-0` + 16 hex digits. */
function ec2Id(prefix: string, seed: string): string {
  return `${prefix}-0${sha(`${prefix}:${seed}`).slice(0, 16)}`;
}

function uuid(seed: string): string {
  const h = sha(`uuid:${seed}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** RDS `DbiResourceId`: `db-` + 26 upper-case letters/digits. */
function dbiResourceId(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = createHash('sha256').update(`dbi:${seed}`).digest();
  let out = '';
  for (let i = 0; i < 26; i++) out += alphabet[(bytes[i] ?? 0) % 32];
  return `db-${out}`;
}

function canonicalUserId(accountId: string): string {
  return sha(`canonical:${accountId}`);
}

function kmsKeyArn(accountId: string, region: string, seed: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/${uuid(`kms:${accountId}:${region}:${seed}`)}`;
}

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

interface AccountEntry {
  readonly accountId: string;
  readonly alias: string;
  readonly owner: string;
  readonly ou: string;
  readonly regions: readonly string[];
}

const PAYMENTS = '111111111111';
const DATA = '222222222222';
const SANDBOX = '333333333333';
const LEGACY = '444444444444';
const REGIONS = ['us-east-1', 'eu-west-1'] as const;

const ACCOUNTS: readonly AccountEntry[] = [
  {
    accountId: PAYMENTS,
    alias: 'payments-prod',
    owner: 'payments-platform@example.com',
    ou: 'Production',
    regions: REGIONS,
  },
  {
    accountId: DATA,
    alias: 'data-platform',
    owner: 'data-engineering@example.com',
    ou: 'Production',
    regions: REGIONS,
  },
  { accountId: SANDBOX, alias: 'sandbox', owner: 'cloud-enablement@example.com', ou: 'Sandbox', regions: REGIONS },
  // No Config data for this account in the snapshot: the sweep must report it UNREACHABLE.
  {
    accountId: LEGACY,
    alias: 'legacy-archive',
    owner: 'it-operations@example.com',
    ou: 'Suspended',
    regions: ['us-east-1'],
  },
];

function aliasOf(accountId: string): string {
  return ACCOUNTS.find((a) => a.accountId === accountId)?.alias ?? accountId;
}

// ---------------------------------------------------------------------------------------------
// Configuration items (Config snapshot-file shape)
// ---------------------------------------------------------------------------------------------

interface Rel {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly name: string;
}

interface CiInput {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string | null;
  /** `null` when Config records no ARN (AWS::S3::AccountPublicAccessBlock). */
  readonly arn: string | null;
  readonly availabilityZone: string;
  readonly captureTime: string;
  readonly createdAt: string | null;
  readonly status?: string;
  readonly configuration: Json | null;
  readonly supplementaryConfiguration?: Json;
  readonly tags?: Tags;
  readonly relationships?: readonly Rel[];
}

/** One CI with the keys in the order Config writes them in snapshot files. */
function configurationItem(input: CiInput): Json {
  const ci: Json = {
    relatedEvents: [],
    relationships: (input.relationships ?? []).map((r) => ({
      resourceId: r.resourceId,
      resourceName: null,
      resourceType: r.resourceType,
      name: r.name,
    })),
    configuration: input.configuration,
    supplementaryConfiguration: input.supplementaryConfiguration ?? {},
    tags: input.tags ?? {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: input.captureTime,
    configurationStateId: Date.parse(input.captureTime),
    awsAccountId: input.accountId,
    configurationItemStatus: input.status ?? 'OK',
    resourceType: input.resourceType,
    resourceId: input.resourceId,
  };
  if (input.resourceName !== undefined) ci.resourceName = input.resourceName;
  if (input.arn !== null) ci.ARN = input.arn;
  ci.awsRegion = input.region;
  ci.availabilityZone = input.availabilityZone;
  ci.configurationStateMd5Hash = '';
  ci.resourceCreationTime = input.createdAt;
  return ci;
}

function tagList(tags: Tags): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** What a case should produce, per rule id (default modes, the bundled exemptions, no kill switch). */
type Expectations = Record<string, string>;

interface Resource {
  readonly ci: Json;
  readonly label: string;
  readonly note: string;
  readonly expect: Expectations;
  /** This resource's item in the previous day's snapshot, when it differed (or `'same'`). */
  readonly previous?: Json | 'same';
}

interface AccountRegion {
  readonly accountId: string;
  readonly region: string;
  readonly resources: readonly Resource[];
  /** Written as `.json.gz`, as Config itself delivers them. */
  readonly gzip?: boolean;
  /** Also write the previous day's snapshot (2026/11/20) for this account-region. */
  readonly previousDay?: { readonly gzip: boolean };
}

export {
  ACCOUNTS,
  ACTIVE_UNTIL,
  type AccountEntry,
  type AccountRegion,
  aliasOf,
  type CiInput,
  canonicalUserId,
  configurationItem,
  DATA,
  dbiResourceId,
  type Expectations,
  ec2Id,
  type Json,
  kmsKeyArn,
  LEGACY,
  PAYMENTS,
  PREVIOUS_SNAPSHOT_TIME,
  REGIONS,
  type Rel,
  type Resource,
  SANDBOX,
  SNAPSHOT_TIME,
  sha,
  type Tags,
  tagList,
  uuid,
};
