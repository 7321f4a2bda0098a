/**
 * SDK v3 output (PascalCase members, `Date` timestamps) -> the shape AWS Config records
 * (camelCase members, ISO-8601 timestamps), e.g. `KMSMasterKeyID` -> `kmsMasterKeyID`,
 * `SSEAlgorithm` -> `sseAlgorithm`, `State: {Code, Name}` -> `state: {code, name}`.
 */

/**
 * One member name in Config's case: a leading run of capitals is lower-cased, except its last capital
 * when that one starts the next word (`SSEAlgorithm` -> `sseAlgorithm`, `VpcId` -> `vpcId`, `ID` -> `id`).
 * Capitals after the first word are kept (`KMSMasterKeyID` -> `kmsMasterKeyID`).
 */
function configCaseKey(key: string): string {
  const run = /^[A-Z]+/.exec(key)?.[0];
  if (run === undefined) return key;
  if (run.length === 1 || run.length === key.length) return run.toLowerCase() + key.slice(run.length);
  const next = key.charAt(run.length);
  if (/[a-z]/.test(next)) return run.slice(0, -1).toLowerCase() + key.slice(run.length - 1);
  return run.toLowerCase() + key.slice(run.length);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Deep conversion of an SDK value to Config's case. Member names are converted, values are not
 * (tag keys and values stay as they are). `Date` -> ISO string; `undefined` members and SDK
 * bookkeeping members (`$metadata`) are dropped.
 */
function toConfigCase(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toConfigCase);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || key.startsWith('$')) continue;
    out[configCaseKey(key)] = toConfigCase(member);
  }
  return out;
}

/**
 * Deep conversion with only the first letter of each member lower-cased, as Config records the
 * services whose Java model it serializes bean-style: RDS `DBInstanceIdentifier` -> `dBInstanceIdentifier`,
 * `CACertificateIdentifier` -> `cACertificateIdentifier`, `MultiAZ` -> `multiAZ`
 * (awslabs/aws-config-resource-schema, AWS::RDS::DBInstance). Dates, `undefined` and `$` members as
 * in `toConfigCase`.
 */
function toBeanCase(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toBeanCase);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || key.startsWith('$')) continue;
    out[key.charAt(0).toLowerCase() + key.slice(1)] = toBeanCase(member);
  }
  return out;
}

/** The partition a region belongs to, for ARNs. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  return 'aws';
}

/** SDK `[{Key, Value}]` tags -> Config's top-level `tags` map (missing list -> `{}`). */
function tagMap(
  tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  }
  return out;
}

export { configCaseKey, partitionOf, tagMap, toBeanCase, toConfigCase };
