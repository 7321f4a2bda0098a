/**
 * Normalizes AWS Config configuration items (CIs) into the one shape rules see (`ConfigurationItem`).
 *
 * Accepted inputs, all as real AWS sends them (see ../shared/corpus/INDEX.md):
 * - 1.3 notification/API flavour: `configurationItemVersion`, `awsAccountId`, `ARN`, relationships `name`
 *   (change notifications, config-rule invocations, and the snapshot/history files Config delivers to S3);
 * - 1.2 history flavour: `version`, `accountId`, `arn`, relationships `relationshipName`
 *   (GetResourceConfigHistory, BatchGetResourceConfig, SelectResourceConfig rows);
 * - `configuration` as an object or a JSON string; `supplementaryConfiguration` values as objects or JSON
 *   strings, sometimes double-encoded; string booleans (`"false"`);
 * - `tags` as a map or a `[{key, value}]` list;
 * - an already-normalized item (normalizing is idempotent).
 *
 * Only the top level of `configuration` and each top-level `supplementaryConfiguration` value are decoded:
 * nested strings (`BucketPolicy.policyText`, SQS `Policy`, `"0"`) stay exactly as Config records them.
 */
import { InvalidInputError } from './errors';
import type { ConfigurationItem, Relationship } from './model';

type Json = Record<string, unknown>;

/** Extra identity for SelectResourceConfig rows whose SELECT list left these fields out. */
interface SelectContext {
  readonly accountId?: string;
  readonly region?: string;
  readonly resourceType?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const MAX_DECODE_DEPTH = 4;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The first field of `raw` (in order) that holds a non-empty string. */
function firstString(raw: Json, ...keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = nonEmptyString(raw[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * True for strings that are JSON objects, arrays, strings, booleans or null. Numbers are deliberately
 * excluded: `"123"` or an id must stay a string.
 */
function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (t === 'true' || t === 'false' || t === 'null') return true;
  const first = t[0];
  const last = t[t.length - 1];
  return (first === '{' && last === '}') || (first === '[' && last === ']') || (first === '"' && last === '"');
}

/** Decodes a JSON-encoded value (repeatedly, for double encoding); anything else is returned unchanged. */
function decodeJsonValue(value: unknown): unknown {
  let current = value;
  for (let depth = 0; depth < MAX_DECODE_DEPTH; depth++) {
    if (typeof current !== 'string' || !looksLikeJson(current)) return current;
    try {
      current = JSON.parse(current);
    } catch {
      return current;
    }
  }
  return current;
}

function identityHint(raw: Json): string {
  const type = nonEmptyString(raw.resourceType);
  const id = nonEmptyString(raw.resourceId);
  if (type && id) return ` (${type} ${id})`;
  if (type) return ` (${type})`;
  if (id) return ` (${id})`;
  return '';
}

function decodeConfiguration(raw: Json): Json {
  const value = decodeJsonValue(raw.configuration);
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    throw new InvalidInputError(`configuration item${identityHint(raw)}: configuration is not a JSON object`);
  }
  return value;
}

function decodeSupplementary(raw: Json): Json {
  const value = decodeJsonValue(raw.supplementaryConfiguration);
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    throw new InvalidInputError(
      `configuration item${identityHint(raw)}: supplementaryConfiguration is not a JSON object`,
    );
  }
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) out[key] = decodeJsonValue(inner);
  return out;
}

function tagValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `{"k": "v"}` or `[{key, value}]` (also `[{Key, Value}]`) -> a map; `undefined` when `value` holds no tags at all. */
function tagsToMap(value: unknown): Record<string, string> | undefined {
  const decoded = decodeJsonValue(value);
  if (Array.isArray(decoded)) {
    const out: Record<string, string> = {};
    for (const entry of decoded) {
      if (!isObject(entry)) continue;
      const key = entry.key ?? entry.Key;
      if (typeof key !== 'string') continue;
      out[key] = tagValue(entry.value ?? entry.Value);
    }
    return out;
  }
  if (isObject(decoded)) {
    const out: Record<string, string> = {};
    for (const [key, inner] of Object.entries(decoded)) out[key] = tagValue(inner);
    return out;
  }
  return undefined;
}

/** Top-level `tags`; when absent (a SELECT that did not ask for them), the tag list inside `configuration`. */
function normalizeTags(raw: Json, configuration: Json): Record<string, string> {
  if (raw.tags !== undefined && raw.tags !== null) {
    return tagsToMap(raw.tags) ?? {};
  }
  return tagsToMap(configuration.tags) ?? {};
}

function normalizeRelationships(raw: Json): Relationship[] {
  const value = decodeJsonValue(raw.relationships);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new InvalidInputError(`configuration item${identityHint(raw)}: relationships is not a list`);
  }
  return value.map((entry, index): Relationship => {
    const resourceType = isObject(entry) ? nonEmptyString(entry.resourceType) : undefined;
    if (!isObject(entry) || resourceType === undefined) {
      throw new InvalidInputError(
        `configuration item${identityHint(raw)}: relationships[${index}] has no resourceType`,
      );
    }
    const resourceId = nonEmptyString(entry.resourceId);
    const resourceName = nonEmptyString(entry.resourceName);
    return {
      resourceType,
      ...(resourceId !== undefined ? { resourceId } : {}),
      ...(resourceName !== undefined ? { resourceName } : {}),
      name: firstString(entry, 'name', 'relationshipName') ?? '',
    };
  });
}

/** ISO-8601 UTC for any time AWS hands us: ISO strings with any offset/precision, SDK `Date`s, epoch numbers. */
function normalizeTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Config's JSON protocol sends epoch seconds; some tools write milliseconds. Past ±8.64e15 ms no
    // Date exists: no capture time, as for an invalid Date, never a RangeError.
    const date = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const text = nonEmptyString(value);
  if (text === undefined) return undefined;
  // Trim sub-millisecond digits ("06:10:33.880000-05:00"): not every engine parses them.
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** `<resource-type-in-arn>` for EC2 resources whose ARN is fully determined by account, region and id. */
const EC2_ARN_TYPES: Readonly<Record<string, string>> = {
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::Volume': 'volume',
  'AWS::EC2::SecurityGroup': 'security-group',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::NetworkInterface': 'network-interface',
  'AWS::EC2::FlowLog': 'vpc-flow-log',
};

/**
 * The ARN of a CI that has none, only where it is fully determined. `AWS::S3::AccountPublicAccessBlock`
 * has no ARN in AWS; Warden names it `arn:<partition>:s3::<account>:account-public-access-block` so
 * findings and exemptions (which match ARNs) can address it.
 */
function deriveArn(resourceType: string, resourceId: string, accountId: string, region: string, configuration: Json) {
  const partition = partitionOf(region);
  if (resourceType === 'AWS::S3::Bucket') return `arn:${partition}:s3:::${resourceId}`;
  if (resourceType === 'AWS::S3::AccountPublicAccessBlock') {
    return `arn:${partition}:s3::${accountId}:account-public-access-block`;
  }
  const ec2Type = EC2_ARN_TYPES[resourceType];
  if (ec2Type !== undefined) return `arn:${partition}:ec2:${region}:${accountId}:${ec2Type}/${resourceId}`;
  if (resourceType === 'AWS::RDS::DBInstance') return nonEmptyString(configuration.dBInstanceArn);
  // EBS snapshot ARNs name no account; a DB snapshot's resourceId is its identifier, which its ARN names.
  if (resourceType === 'AWS::EC2::Snapshot') return `arn:${partition}:ec2:${region}::snapshot/${resourceId}`;
  if (resourceType === 'AWS::RDS::DBSnapshot')
    return `arn:${partition}:rds:${region}:${accountId}:snapshot:${resourceId}`;
  return undefined;
}

function normalizeUnknown(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, why] of Object.entries(value)) out[key] = tagValue(why);
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * One configuration item in any flavour -> `ConfigurationItem`.
 * @throws InvalidInputError when `raw` is not an object or lacks its identity (resourceType, resourceId,
 * account, region), or has no ARN that can be derived safely.
 */
function normalizeCi(raw: unknown): ConfigurationItem {
  const decoded = decodeJsonValue(raw);
  if (!isObject(decoded)) {
    const kind = decoded === null ? 'null' : Array.isArray(decoded) ? 'an array' : typeof decoded;
    throw new InvalidInputError(`configuration item must be a JSON object, got ${kind}`);
  }
  const ci = decoded;
  const resourceType = firstString(ci, 'resourceType');
  const resourceId = firstString(ci, 'resourceId');
  const accountId = firstString(ci, 'awsAccountId', 'accountId');
  const region = firstString(ci, 'awsRegion', 'region');

  const missing = [
    resourceType === undefined ? 'resourceType' : undefined,
    resourceId === undefined ? 'resourceId' : undefined,
    accountId === undefined ? 'awsAccountId/accountId' : undefined,
    region === undefined ? 'awsRegion' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (resourceType === undefined || resourceId === undefined || accountId === undefined || region === undefined) {
    throw new InvalidInputError(`configuration item${identityHint(ci)} is missing ${missing.join(', ')}`);
  }
  if (!ACCOUNT_ID.test(accountId)) {
    throw new InvalidInputError(
      `configuration item (${resourceType} ${resourceId}): account id "${accountId}" is not 12 digits`,
    );
  }

  const configuration = decodeConfiguration(ci);
  const arn = firstString(ci, 'ARN', 'arn') ?? deriveArn(resourceType, resourceId, accountId, region, configuration);
  if (arn === undefined) {
    throw new InvalidInputError(
      `configuration item (${resourceType} ${resourceId}) has no ARN/arn, and Warden cannot derive one for ${resourceType}`,
    );
  }

  const resourceName = firstString(ci, 'resourceName');
  const availabilityZone = firstString(ci, 'availabilityZone');
  const captureTime = normalizeTime(ci.configurationItemCaptureTime ?? ci.captureTime);
  const unknown = normalizeUnknown(ci.unknown);

  return {
    resourceType,
    resourceId,
    ...(resourceName !== undefined ? { resourceName } : {}),
    arn,
    accountId,
    region,
    ...(availabilityZone !== undefined ? { availabilityZone } : {}),
    // A SELECT may omit the status; Config only returns items it currently records.
    status: firstString(ci, 'configurationItemStatus', 'status') ?? 'OK',
    ...(captureTime !== undefined ? { captureTime } : {}),
    configuration,
    supplementaryConfiguration: decodeSupplementary(ci),
    tags: normalizeTags(ci, configuration),
    relationships: normalizeRelationships(ci),
    ...(unknown !== undefined ? { unknown } : {}),
  };
}

/** Where Config keeps the resource id inside `configuration`, for SELECT rows that did not select `resourceId`. */
const ID_IN_CONFIGURATION: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'name',
  'AWS::EC2::Instance': 'instanceId',
  'AWS::EC2::Volume': 'volumeId',
  'AWS::EC2::SecurityGroup': 'groupId',
  'AWS::EC2::Subnet': 'subnetId',
  'AWS::EC2::VPC': 'vpcId',
  'AWS::RDS::DBInstance': 'dbiResourceId',
};

function fillFromContext(row: Json, context: SelectContext): Json {
  const filled: Json = { ...row };
  if (firstString(filled, 'awsAccountId', 'accountId') === undefined && context.accountId !== undefined) {
    filled.accountId = context.accountId;
  }
  if (firstString(filled, 'awsRegion', 'region') === undefined && context.region !== undefined) {
    filled.awsRegion = context.region;
  }
  if (firstString(filled, 'resourceType') === undefined && context.resourceType !== undefined) {
    filled.resourceType = context.resourceType;
  }
  const type = firstString(filled, 'resourceType');
  if (firstString(filled, 'resourceId') === undefined && type !== undefined) {
    const configuration = decodeJsonValue(filled.configuration);
    const idKey = ID_IN_CONFIGURATION[type];
    const id = idKey !== undefined && isObject(configuration) ? nonEmptyString(configuration[idKey]) : undefined;
    if (id !== undefined) filled.resourceId = id;
  }
  if (type === 'AWS::S3::AccountPublicAccessBlock' && firstString(filled, 'resourceId') === undefined) {
    const account = firstString(filled, 'awsAccountId', 'accountId');
    if (account !== undefined) filled.resourceId = account;
  }
  return filled;
}

/**
 * `SelectResourceConfig` / `SelectAggregateResourceConfig` `Results` (each row a JSON string) -> CIs.
 * `context` supplies account, region and resource type for rows whose SELECT list left them out (the query's
 * own WHERE clause usually fixes them); a missing `resourceId` is then taken from `configuration` for the
 * types whose id Config keeps there.
 * @throws InvalidInputError naming the row index when a row is not JSON or lacks its identity.
 */
function normalizeSelectResults(results: readonly string[], context: SelectContext = {}): ConfigurationItem[] {
  return results.map((row, index) => {
    let parsed: unknown;
    try {
      parsed = typeof row === 'string' ? JSON.parse(row) : row;
    } catch (error) {
      throw new InvalidInputError(`SelectResourceConfig Results[${index}] is not valid JSON`, { cause: error });
    }
    if (!isObject(parsed)) {
      throw new InvalidInputError(`SelectResourceConfig Results[${index}] is not a JSON object`);
    }
    try {
      return normalizeCi(fillFromContext(parsed, context));
    } catch (error) {
      if (error instanceof InvalidInputError) {
        throw new InvalidInputError(`SelectResourceConfig Results[${index}]: ${error.message}`, { cause: error });
      }
      throw error;
    }
  });
}

/** A stable identity for de-duplication: the same resource from two sources has the same key. */
function ciKey(ci: Pick<ConfigurationItem, 'accountId' | 'region' | 'resourceType' | 'resourceId'>): string {
  return `${ci.accountId}|${ci.region}|${ci.resourceType}|${ci.resourceId}`;
}

export { ciKey, decodeJsonValue, normalizeCi, normalizeSelectResults, type SelectContext };
