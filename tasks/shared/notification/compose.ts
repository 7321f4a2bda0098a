/**
 * Notification text for SNS (and anything else that takes a subject and a plain-text body).
 *
 * SNS Publish constraints this respects: the Subject must be ASCII text that begins with a letter,
 * number or punctuation mark, with no line breaks or control characters, and less than 100
 * characters long; the Message must be valid UTF-8 and at most 256 KiB together with its message
 * attributes; a String attribute value must not be empty and has the same content rules as the
 * message body.
 *
 * Every field that comes from AWS data or from items people wrote (resource ids, names, tags,
 * owners, messages, errors) goes into the body through `untrusted`/`shown` (./untrusted-text.ts):
 * the body's only line breaks are its own, so no field can forge a line of it.
 */
import type { AccountTarget, ApiCall, Finding, Notification, Outcome } from '../model';
import { shown, untrusted } from '../untrusted-text';
import type { OwnerSource } from './owner';

/** Longest a rule's message, an error or an API call is shown (code points). */
const LONG_FIELD_MAX = 4096;

/** "less than 100 characters long" (SNS Publish). */
const SUBJECT_MAX = 99;
const ELLIPSIS = '...';
/** Well under SNS's 256 KiB, leaving room for the attributes. */
const MESSAGE_MAX_BYTES = 240 * 1024;
const TRUNCATED_NOTE = '\n[message truncated]';

/** Replaces lone UTF-16 surrogates (not encodable as UTF-8) with U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * ASCII-only, single-line text: accents are dropped (`é` → `e`), other non-ASCII characters become
 * `?` (one per code point), control characters and line breaks become spaces, runs of spaces
 * collapse.
 */
function toAsciiLine(text: string): string {
  let out = '';
  for (const ch of wellFormed(text).normalize('NFKD')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += ' ';
    else if (/\p{M}/u.test(ch))
      continue; // combining mark left by NFKD
    else if (/\s/u.test(ch)) out += ' ';
    else out += '?';
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** A valid SNS subject: ASCII, one line, at most 99 characters, cut with `...` when longer. */
function toSubject(text: string): string {
  const line = toAsciiLine(text);
  if (line.length <= SUBJECT_MAX) return line;
  return `${line.slice(0, SUBJECT_MAX - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`;
}

/** `AWS::EC2::SecurityGroup` → `security group`, `AWS::RDS::DBInstance` → `db instance`. */
function shortType(resourceType: string): string {
  const last = resourceType.split('::').pop() ?? resourceType;
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** JSON that never throws (bigint, cycles) and stays on one line. */
function compactJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      }) ?? 'null'
    );
  } catch {
    return String(value);
  }
}

/** One API call on one line; the JSON of its input escapes C0 controls, `untrusted` the rest (U+2028, …). */
function formatCall(call: ApiCall): string {
  return untrusted(`${call.service}:${call.operation} ${compactJson(call.input)}`, LONG_FIELD_MAX);
}

/** Caps the body below SNS's size limit, on a code-point boundary. */
function capMessage(message: string): string {
  const text = wellFormed(message);
  if (Buffer.byteLength(text, 'utf8') <= MESSAGE_MAX_BYTES) return text;
  const budget = MESSAGE_MAX_BYTES - Buffer.byteLength(TRUNCATED_NOTE, 'utf8');
  let cut = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  // A cut inside a multi-byte sequence decodes to U+FFFD at the end: drop it.
  cut = cut.replace(/\uFFFD$/, '');
  return `${cut}${TRUNCATED_NOTE}`;
}

/** SNS String attribute values: no control characters but tab/CR/LF, never empty (then omitted). */
function attributes(entries: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    const clean = wellFormed(value).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '');
    if (clean.trim() !== '') out[key] = clean;
  }
  return out;
}

/** One line per outcome that needs saying what it means for the reader. */
const OUTCOME_MEANING: Partial<Record<Outcome, string>> = {
  SUCCEEDED: 'Fixed and verified: the resource read back after the change is compliant.',
  SENT_UNVERIFIED:
    'The change was sent and accepted, but Warden could not verify it: check the resource (the error says why).',
  FAILED: 'Not fixed: see the error; check the resource.',
  SKIPPED_ALREADY_COMPLIANT:
    'Nothing was sent: read right before the change, the resource no longer needed it (the finding was stale).',
  SKIPPED_LOOP: 'Nothing was sent: the loop breaker held it back (see the decision).',
  SKIPPED_CAP: 'Nothing was sent: a blast-radius cap held it back (see the decision).',
};

interface NotificationContext {
  /** The account's readable alias (Accounts table / `--accounts FILE`). */
  readonly accountAlias: string;
  /** Who gets the notification (`./owner.ts`: the resource's tag, its stack's or its account's owner). */
  readonly owner?: string;
  /** Where `owner` came from; recorded as the `ownerSource` attribute. */
  readonly ownerSource?: OwnerSource;
  /** The Step Functions execution name (`sweep-2026-11-22T06-00Z`, `event-<id>`). */
  readonly executionName?: string;
}

/**
 * The notification for one finding. Subject, e.g.
 * `[HIGH] s3-bucket-encryption: payments-prod/us-east-1 bucket my-bucket`; the message says what rule,
 * which resource, where, what is wrong, what Warden decided and why, what it did or would do (exact
 * API calls), and where the fix belongs in the infrastructure code.
 */
function composeNotification(finding: Finding, ctx: NotificationContext): Notification {
  const statusTag = finding.status === 'ERROR' ? ' [ERROR]' : '';
  const subject = toSubject(
    `[${finding.severity}]${statusTag} ${finding.ruleId}: ${ctx.accountAlias}/${finding.region} ${shortType(finding.resourceType)} ${finding.resourceId}`,
  );

  const lines: string[] = [
    `Rule: ${untrusted(finding.ruleId)}`,
    `Severity: ${untrusted(finding.severity)}`,
    `Status: ${untrusted(finding.status)}${finding.status === 'ERROR' ? ' (the rule could not evaluate this resource)' : ''}`,
    `Resource: ${untrusted(finding.resourceType)} ${shown(finding.resourceId)}`,
    `ARN: ${shown(finding.arn, 2048)}`,
    `Account: ${shown(ctx.accountAlias)} (${untrusted(finding.accountId)})`,
    `Region: ${untrusted(finding.region)}`,
  ];
  if (ctx.owner !== undefined && ctx.owner !== '') lines.push(`Owner: ${ownerLine(ctx.owner, ctx.ownerSource)}`);
  lines.push('', `What is wrong: ${untrusted(finding.message, LONG_FIELD_MAX)}`);

  if (finding.decision !== undefined) {
    lines.push(
      `Decision: ${untrusted(finding.decision)}${finding.decisionReason ? ` (${untrusted(finding.decisionReason)})` : ''}`,
    );
  }
  if (finding.exemptionId !== undefined) lines.push(`Exemption: ${shown(finding.exemptionId)}`);

  const remediation = finding.remediation;
  if (remediation !== undefined) {
    lines.push(
      '',
      `Remediation: ${untrusted(remediation.outcome)}${remediation.at ? ` at ${untrusted(remediation.at)}` : ''}`,
    );
    const meaning = OUTCOME_MEANING[remediation.outcome];
    if (meaning !== undefined) lines.push(`  ${meaning}`);
    if (remediation.reason !== undefined) lines.push(`  ${untrusted(remediation.reason, LONG_FIELD_MAX)}`);
    if (remediation.error !== undefined)
      lines.push(`Remediation error: ${untrusted(remediation.error, LONG_FIELD_MAX)}`);
    if (remediation.apiCalls.length > 0) {
      lines.push(
        remediation.outcome === 'PLANNED'
          ? 'API calls (planned, not sent):'
          : remediation.sent === false
            ? 'API calls (not sent):'
            : remediation.sent === true
              ? 'API calls (sent):'
              : 'API calls:',
      );
      for (const call of remediation.apiCalls) lines.push(`  ${formatCall(call)}`);
    }
  } else if (finding.plan !== undefined && finding.plan.length > 0) {
    lines.push('', 'Fix Warden would apply in remediate mode (not sent):');
    for (const call of finding.plan) lines.push(`  ${formatCall(call)}`);
  }

  const iac = finding.iac ?? remediation?.iac;
  if (iac !== undefined) {
    const where = [
      untrusted(iac.tool),
      iac.stack === undefined ? undefined : `stack ${shown(iac.stack)}`,
      iac.logicalId === undefined ? undefined : `logical id ${shown(iac.logicalId)}`,
    ]
      .filter((part) => part !== undefined)
      .join(', ');
    lines.push(
      '',
      `Put the fix into your infrastructure code (${where}), or the next deploy reverts it:`,
      `  Property: ${untrusted(iac.propertyPath)}`,
      `  Change: ${untrusted(iac.suggestedChange, LONG_FIELD_MAX)}`,
    );
    if (iac.cdk !== undefined) lines.push(`  CDK: ${untrusted(iac.cdk, LONG_FIELD_MAX)}`);
    if (iac.terraform !== undefined) lines.push(`  Terraform: ${untrusted(iac.terraform, LONG_FIELD_MAX)}`);
  }

  lines.push('', `Finding: ${untrusted(finding.findingId)}`);
  if (ctx.executionName !== undefined && ctx.executionName !== '')
    lines.push(`Execution: ${untrusted(ctx.executionName)}`);

  return {
    subject,
    message: capMessage(lines.join('\n')),
    attributes: attributes({
      severity: finding.severity,
      ruleId: finding.ruleId,
      accountId: finding.accountId,
      decision: finding.decision,
      owner: ctx.owner,
      ownerSource: ctx.ownerSource,
    }),
  };
}

const OWNER_FROM: Record<OwnerSource, string> = {
  tag: "the resource's owner tag",
  stack: "its stack's owner",
  account: "the account's owner",
  none: 'nobody is named: no owner tag, stack owner or account owner',
};

/** `team-x@example.com (the resource's owner tag)`. */
function ownerLine(owner: string, source: OwnerSource | undefined): string {
  return source === undefined ? shown(owner) : `${shown(owner)} (${OWNER_FROM[source]})`;
}

/** The notification for an account that could not be swept (its audit role could not be assumed, …). */
function composeUnreachableNotification(
  target: Pick<AccountTarget, 'accountId' | 'alias'>,
  error: string,
  executionName?: string,
): Notification {
  const lines = [
    `Warden could not audit account ${shown(target.alias)} (${untrusted(target.accountId)}); none of its resources were evaluated.`,
    '',
    `Error: ${untrusted(error, LONG_FIELD_MAX)}`,
    '',
    'Check that the member stack is deployed in this account and that the central account may assume its WardenAudit role.',
  ];
  if (executionName !== undefined && executionName !== '') lines.push('', `Execution: ${untrusted(executionName)}`);
  return {
    subject: toSubject(`[ACCOUNT UNREACHABLE] ${target.alias} (${target.accountId})`),
    message: capMessage(lines.join('\n')),
    attributes: attributes({ severity: 'HIGH', accountId: target.accountId, kind: 'ACCOUNT_UNREACHABLE' }),
  };
}

export { composeNotification, composeUnreachableNotification, type NotificationContext, toSubject };
