/**
 * IAM policy documents as rules read them: bucket policies (S3.2/S3.3/S3.5), Lambda function
 * policies (Lambda.1) and identity policies (IAM.1). AWS Config records a policy as a JSON string,
 * sometimes URL-encoded (IAM policy versions), and the service APIs return the same text; a statement's
 * `Action`, `Resource`, `Principal` values may each be a string or a list (IAM JSON policy reference).
 *
 * "Public" follows the S3 and Security Hub meaning: an `Allow` statement whose principal is everyone
 * (`"*"`, `{"AWS": "*"}`) and whose conditions do not pin the caller to known accounts, organisations,
 * sources or networks. A condition Warden does not recognise as restricting does not make a statement
 * private (the conservative reading: better a finding to review than a public resource unseen).
 */
import { isRecord } from './ci-values';

interface PolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** `Action` values (or `NotAction` when `notAction` is true), as written. */
  readonly actions: readonly string[];
  readonly notAction: boolean;
  readonly resources: readonly string[];
  /** `"*"` for everyone; otherwise the principal values of every kind (`AWS`, `Service`, `Federated`, …). */
  readonly principals: readonly string[] | '*';
  /** `Principal` was absent (an identity policy) or `NotPrincipal` was used (then never "public" here). */
  readonly principalKind: 'principal' | 'notPrincipal' | 'none';
  /** `Condition` as written: operator → key → value(s). */
  readonly condition: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The document could not be read as an IAM policy. */
class PolicyDocumentError extends Error {
  public constructor(why: string) {
    super(`not an IAM policy document: ${why}`);
    this.name = 'PolicyDocumentError';
  }
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function principalsOf(value: unknown): readonly string[] | '*' {
  if (value === '*') return '*';
  if (!isRecord(value)) return strings(value);
  // `{"AWS": "*"}` is everyone; `{"Service": "*"}` is not a valid principal and grants nobody.
  return strings(value.AWS).includes('*') ? '*' : Object.values(value).flatMap(strings);
}

function statementOf(raw: unknown, index: number): PolicyStatement {
  if (!isRecord(raw)) throw new PolicyDocumentError(`statement ${index} is not an object`);
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyDocumentError(`statement ${index} has no Effect`);
  const notAction = raw.NotAction !== undefined;
  const principalKind =
    raw.Principal !== undefined ? 'principal' : raw.NotPrincipal !== undefined ? 'notPrincipal' : 'none';
  const condition = isRecord(raw.Condition)
    ? Object.fromEntries(Object.entries(raw.Condition).map(([op, keys]) => [op, isRecord(keys) ? keys : {}] as const))
    : {};
  return {
    ...(typeof raw.Sid === 'string' ? { sid: raw.Sid } : {}),
    effect,
    actions: strings(notAction ? raw.NotAction : raw.Action),
    notAction,
    resources: strings(raw.Resource ?? raw.NotResource),
    principals: principalKind === 'principal' ? principalsOf(raw.Principal) : [],
    principalKind,
    condition,
  };
}

/**
 * The statements of a policy given as an object, a JSON string or a URL-encoded JSON string.
 * @throws PolicyDocumentError when it is none of these or a statement has no `Effect`
 */
function parsePolicy(document: unknown): PolicyStatement[] {
  let value = document;
  if (typeof value === 'string') {
    const text = value.trim().startsWith('%7B') || value.trim().startsWith('%7b') ? decodeURIComponent(value) : value;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      throw new PolicyDocumentError('its text is not JSON');
    }
  }
  if (!isRecord(value)) throw new PolicyDocumentError('it is not an object');
  const statements = value.Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return list.map(statementOf);
}

/**
 * Condition keys that pin who may call (an account, an organisation, a source resource or network):
 * a statement open to `*` with one of these (under any operator but a negated one) is not public.
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:ResourceOrgID',
    'aws:SourceOrgID',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
    'aws:username',
    'lambda:FunctionUrlAuthType',
  ].map((key) => key.toLowerCase()),
);

/** Whether the statement's conditions pin the caller (see `RESTRICTING_KEYS`). */
function isRestricted(statement: PolicyStatement): boolean {
  return Object.entries(statement.condition).some(
    ([operator, keys]) =>
      !/^(StringNot|ArnNot|NotIpAddress)/.test(operator) &&
      Object.entries(keys).some(([key, value]) => {
        if (!RESTRICTING_KEYS.has(key.toLowerCase())) return false;
        // `aws:SourceIp` of 0.0.0.0/0 or ::/0 lets everyone in.
        return !strings(value).some((v) => v === '*' || v === '0.0.0.0/0' || v === '::/0');
      }),
  );
}

/** An `Allow` statement open to everyone without a restricting condition. */
function isPublicStatement(statement: PolicyStatement): boolean {
  return (
    statement.effect === 'Allow' &&
    statement.principalKind === 'principal' &&
    statement.principals === '*' &&
    !isRestricted(statement)
  );
}

/** IAM's action match: case-insensitive, `*` and `?` wildcards, `service:*` and `*`. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return regex.test(action);
}

/** Whether the statement grants (or, for `Deny`, denies) `action` (`NotAction` = every action not listed). */
function coversAction(statement: PolicyStatement, action: string): boolean {
  const listed = statement.actions.some((pattern) => actionMatches(pattern, action));
  return statement.notAction ? !listed : listed;
}

export type { PolicyStatement };
export { actionMatches, coversAction, isPublicStatement, isRestricted, PolicyDocumentError, parsePolicy };
