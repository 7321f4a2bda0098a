/**
 * The member case AWS Config records KMS, DynamoDB and Lambda with: the whole leading run of capitals
 * is lower-cased, the first capital of the next word included (`AWSAccountId` -> `awsaccountId`,
 * `SSEDescription` -> `ssedescription`, `KMSMasterKeyArn` -> `kmsmasterKeyArn`, `KMSKeyArn` ->
 * `kmskeyArn`; `KeyId` -> `keyId` as usual), as the property paths of awslabs/aws-config-resource-schema
 * show for AWS::KMS::Key, AWS::DynamoDB::Table and AWS::Lambda::Function. `toConfigCase`
 * (`./config-case.ts`) keeps that capital (`sseDescription`), which is right for S3 and EC2 but not here.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** One member name: its leading capitals lower-cased. */
function runCaseKey(key: string): string {
  return key.replace(/^[A-Z]+/, (run) => run.toLowerCase());
}

/** Deep conversion of an SDK value; `Date` -> ISO string; `undefined` and `$` members dropped. */
function toRunCase(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toRunCase);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || key.startsWith('$')) continue;
    out[runCaseKey(key)] = toRunCase(member);
  }
  return out;
}

export { runCaseKey, toRunCase };
