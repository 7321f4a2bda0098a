/**
 * Test helpers for normalized configuration items (the `ConfigurationItem` shape rules see),
 * rule fixtures under test/fixtures/rules/<rule-id>/, and the shared corpus (../shared/corpus).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contextOf } from '../../tasks/rules/context';
import type { EvaluationContext } from '../../tasks/rules/rule';
import type { ConfigurationItem } from '../../tasks/shared/model';

const CORPUS_DIR = path.resolve(process.cwd(), '../shared/corpus');
const RULE_FIXTURES_DIR = path.resolve(process.cwd(), 'test/fixtures/rules');

const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type CiOverrides = Partial<Mutable<ConfigurationItem>> & Pick<ConfigurationItem, 'resourceType' | 'resourceId'>;

/** ARN of a resource type Warden knows, as AWS builds it. */
function arnOf(resourceType: string, resourceId: string, accountId: string, region: string): string {
  if (resourceType === 'AWS::S3::Bucket') return `arn:aws:s3:::${resourceId}`;
  if (resourceType === 'AWS::EC2::Instance') return `arn:aws:ec2:${region}:${accountId}:instance/${resourceId}`;
  return `arn:aws:config:${region}:${accountId}:${resourceType}/${resourceId}`;
}

/** A normalized CI with sensible defaults (status OK, empty configuration/tags/relationships). */
function makeCi(overrides: CiOverrides): ConfigurationItem {
  const accountId = overrides.accountId ?? DEFAULT_ACCOUNT;
  const region = overrides.region ?? DEFAULT_REGION;
  return {
    arn: arnOf(overrides.resourceType, overrides.resourceId, accountId, region),
    accountId,
    region,
    status: 'OK',
    configuration: {},
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
    ...overrides,
  };
}

interface SdkSseConfiguration {
  readonly Rules?: ReadonlyArray<{
    readonly ApplyServerSideEncryptionByDefault?: { readonly SSEAlgorithm?: string; readonly KMSMasterKeyID?: string };
    readonly BucketKeyEnabled?: boolean;
  }>;
}

/**
 * GetBucketEncryption's `ServerSideEncryptionConfiguration` (SDK / placebo PascalCase) -> what AWS Config
 * records in `supplementaryConfiguration.ServerSideEncryptionConfiguration` (camelCase, `rules`).
 */
function sseFromSdk(sdk: SdkSseConfiguration): Record<string, unknown> {
  return {
    rules: (sdk.Rules ?? []).map((rule) => {
      const out: Record<string, unknown> = {};
      const byDefault = rule.ApplyServerSideEncryptionByDefault;
      if (byDefault !== undefined) {
        out.applyServerSideEncryptionByDefault = {
          ...(byDefault.SSEAlgorithm !== undefined ? { sseAlgorithm: byDefault.SSEAlgorithm } : {}),
          ...(byDefault.KMSMasterKeyID !== undefined ? { kmsMasterKeyID: byDefault.KMSMasterKeyID } : {}),
        };
      }
      if (rule.BucketKeyEnabled !== undefined) out.bucketKeyEnabled = rule.BucketKeyEnabled;
      return out;
    }),
  };
}

interface S3BucketOptions extends Partial<Mutable<ConfigurationItem>> {
  /** Config-shaped `ServerSideEncryptionConfiguration`; omitted = none recorded. */
  readonly sse?: unknown;
}

function s3BucketCi(name: string, options: S3BucketOptions = {}): ConfigurationItem {
  const { sse, ...overrides } = options;
  return makeCi({
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    availabilityZone: 'Regional',
    configuration: { name, creationDate: '2019-02-12T07:21:45.000Z' },
    ...overrides,
    supplementaryConfiguration: {
      ...(overrides.supplementaryConfiguration ?? {}),
      ...(sse !== undefined ? { ServerSideEncryptionConfiguration: sse } : {}),
    },
  });
}

interface Ec2InstanceOptions extends Partial<Mutable<ConfigurationItem>> {
  /** `configuration.state.name`. @default 'running' */
  readonly state?: string;
  /** Config's `configuration.tags` list ([{key, value}]). @default derived from `tags` */
  readonly configurationTags?: ReadonlyArray<{ key: string; value: string }>;
}

const STATE_CODES: Readonly<Record<string, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function ec2InstanceCi(instanceId: string, options: Ec2InstanceOptions = {}): ConfigurationItem {
  const { state = 'running', configurationTags, ...overrides } = options;
  const tags = overrides.tags ?? {};
  return makeCi({
    resourceType: 'AWS::EC2::Instance',
    resourceId: instanceId,
    availabilityZone: 'us-east-1b',
    ...overrides,
    tags,
    configuration: {
      instanceId,
      instanceType: 't2.micro',
      state: { code: STATE_CODES[state] ?? 16, name: state },
      tags: configurationTags ?? Object.entries(tags).map(([key, value]) => ({ key, value })),
      ...(overrides.configuration ?? {}),
    },
  });
}

function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A file of ../shared/corpus, parsed. */
function readCorpus<T = unknown>(relativePath: string): T {
  return readJson<T>(path.join(CORPUS_DIR, relativePath));
}

/** The `data` of a Cloud Custodian placebo recording (`cloud-custodian/placebo/<file>`). */
function readPlacebo<T = Record<string, unknown>>(file: string): { statusCode: number; data: T } {
  const recording = readCorpus<{ status_code: number; data: T }>(`cloud-custodian/placebo/${file}`);
  return { statusCode: recording.status_code, data: recording.data };
}

/** Fixture names (without `.json`) of one rule, sorted. */
function ruleFixtureNames(ruleId: string): string[] {
  return readdirSync(path.join(RULE_FIXTURES_DIR, ruleId))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * One rule fixture. A fixture file is either a normalized CI (evaluated with the rule's default
 * parameters and no other item), or `{"ci": CI, "parameters"?: {...}, "related"?: [CI, ...],
 * "relatedUnreadable"?: true}` for cases that need parameters or the rest of the account (the
 * evaluation context), or where the rest of the account could not be read (no context at all, as the
 * event path and the remediation's re-read evaluate when a related type is denied).
 */
interface RuleFixture {
  readonly ci: ConfigurationItem;
  /** Parameter overrides (parsed through the rule's schema); `{}` = defaults. */
  readonly parameters: Record<string, unknown>;
  /** The other items of the inventory the evaluation context is built from. */
  readonly related: readonly ConfigurationItem[];
  /** The related items could not be read: the rule is evaluated with no context. @default false */
  readonly relatedUnreadable: boolean;
}

function readRuleFixtureCase(ruleId: string, name: string): RuleFixture {
  const raw = readJson<Record<string, unknown>>(path.join(RULE_FIXTURES_DIR, ruleId, `${name}.json`));
  if (typeof raw.resourceType === 'string')
    return { ci: raw as unknown as ConfigurationItem, parameters: {}, related: [], relatedUnreadable: false };
  if (typeof raw.ci !== 'object' || raw.ci === null) {
    throw new Error(`fixture ${ruleId}/${name} is neither a CI nor {ci, parameters?, related?}`);
  }
  return {
    ci: raw.ci as ConfigurationItem,
    parameters: (raw.parameters ?? {}) as Record<string, unknown>,
    related: (raw.related ?? []) as ConfigurationItem[],
    relatedUnreadable: raw.relatedUnreadable === true,
  };
}

/** The evaluation context a fixture is evaluated with: its CI and related items, or none when unreadable. */
function fixtureContext(fixture: RuleFixture): EvaluationContext | undefined {
  return fixture.relatedUnreadable ? undefined : contextOf(fixture.ci, [fixture.ci, ...fixture.related]);
}

/** The fixture's configuration item (wrapped fixtures: their `ci`). */
function readRuleFixture(ruleId: string, name: string): ConfigurationItem {
  return readRuleFixtureCase(ruleId, name).ci;
}

export {
  CORPUS_DIR,
  ec2InstanceCi,
  fixtureContext,
  makeCi,
  RULE_FIXTURES_DIR,
  type RuleFixture,
  readCorpus,
  readPlacebo,
  readRuleFixture,
  readRuleFixtureCase,
  ruleFixtureNames,
  s3BucketCi,
  sseFromSdk,
};
