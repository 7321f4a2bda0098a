/**
 * Notification text for the event path: a readable subject and body naming the account alias,
 * region, resource, who did it and when, the decision and why, and SNS message attributes
 * (`severity`, `ruleId`, `accountId`, `owner`, `decision`) for subscription filter policies.
 * Subjects follow SNS's rules (ASCII, one line, < 100 characters: `toSubject`); every field from the
 * event (names, the caller, the IP, the rule's details) goes into the body through `untrusted`/`shown`.
 */
import type { EventSummary, RuleMatch } from '../events/event-model';
import type { Decision, Finding, Notification } from '../model';
import { shown, untrusted } from '../untrusted-text';
import { composeNotification, toSubject } from './compose';
import { type OwnerSource, UNASSIGNED } from './owner';

/** Longest a rule's message is shown (code points). */
const MESSAGE_FIELD_MAX = 4096;

interface EventNotificationContext {
  readonly event: Partial<EventSummary>;
  readonly accountAlias: string;
  /** Who gets it (`./owner.ts`: the resource's tag, its stack's or its account's owner); `unassigned` when none. */
  readonly owner?: string;
  /** Where `owner` came from (the `ownerSource` attribute). */
  readonly ownerSource?: OwnerSource;
  readonly executionName?: string;
}

/** Well under SNS's 256 KiB message limit. */
const MESSAGE_MAX_CHARS = 200_000;

/** SNS String attribute values: no control characters, never empty (empty ones are dropped). */
function cleanAttributes(entries: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    const clean = value?.replace(/[\u0000-\u001F\u007F]/g, '').trim();
    if (clean !== undefined && clean !== '') out[key] = clean;
  }
  return out;
}

/** `owner` is always present (`unassigned` when nobody is named: `ownerSource` then says `none`). */
function ownerAttributes(ctx: EventNotificationContext): Record<string, string | undefined> {
  return {
    owner: ctx.owner ?? UNASSIGNED,
    ownerSource: ctx.ownerSource ?? (ctx.owner === undefined ? 'none' : undefined),
  };
}

function cap(text: string): string {
  return text.length <= MESSAGE_MAX_CHARS ? text : `${text.slice(0, MESSAGE_MAX_CHARS)}\n[message truncated]`;
}

/** `Event`, `Who`, `When`, `From` lines (and `Account`/`Region` unless the body names them already). */
function eventLines(ctx: EventNotificationContext, withPlace = true): string[] {
  const e = ctx.event;
  const what =
    e.kind === 'PARAMETER_CHANGE'
      ? `Parameter Store ${untrusted(e.eventName ?? 'change')}`
      : e.kind === 'CONFIG_CHANGE'
        ? `Config configuration item change (${untrusted(e.configChange?.changeType ?? e.eventName ?? 'change')})`
        : `${untrusted(e.eventName ?? '(unnamed)')} (${untrusted(e.eventSource ?? 'unknown source')})`;
  return [
    `Event: ${what}`,
    ...(withPlace
      ? [
          `Account: ${shown(ctx.accountAlias)} (${untrusted(e.accountId ?? 'unknown')})`,
          `Region: ${untrusted(e.region ?? 'unknown')}`,
        ]
      : []),
    `Who: ${e.originator?.display !== undefined ? untrusted(e.originator.display) : e.kind === 'PARAMETER_CHANGE' ? 'not recorded in Parameter Store Change events' : 'not recorded'}`,
    `When: ${untrusted(e.time ?? 'not recorded')}`,
    ...(e.sourceIp === undefined ? [] : [`Source IP: ${untrusted(e.sourceIp)}`]),
    `Event id: ${untrusted(e.eventId ?? 'unknown')}`,
  ];
}

/**
 * A resource finding raised by an event: the sweep's notification (rule, resource, what is wrong,
 * decision, planned calls, where the fix belongs in IaC) under the event's own lines.
 */
function composeEventFindingNotification(finding: Finding, ctx: EventNotificationContext): Notification {
  const base = composeNotification(finding, {
    accountAlias: ctx.accountAlias,
    ...(ctx.owner === undefined ? {} : { owner: ctx.owner }),
    ...(ctx.ownerSource === undefined ? {} : { ownerSource: ctx.ownerSource }),
    ...(ctx.executionName === undefined ? {} : { executionName: ctx.executionName }),
  });
  return {
    subject: base.subject,
    message: cap([...eventLines(ctx, false), '', base.message].join('\n')),
    attributes: cleanAttributes({
      ...ownerAttributes(ctx),
      ...base.attributes,
      kind: 'FINDING',
    }),
  };
}

/** An informational rule's match, e.g. `[MEDIUM] console-login-failure: payments-prod/us-east-1 failed console sign-in of IAM user anaya from 192.0.2.0`. */
function composeMatchNotification(
  match: RuleMatch,
  decision: { readonly decision: Decision; readonly reason: string; readonly exemptionId?: string },
  ctx: EventNotificationContext,
): Notification {
  const subject = toSubject(
    `[${match.severity}] ${match.ruleId}: ${ctx.accountAlias}/${ctx.event.region ?? '?'} ${match.summary}`,
  );
  const lines = [
    `Rule: ${untrusted(match.ruleId)} (${untrusted(match.title)})`,
    `Severity: ${untrusted(match.severity)}`,
    '',
    untrusted(match.message, MESSAGE_FIELD_MAX),
    '',
    ...eventLines(ctx),
    ...Object.entries(match.details)
      .filter(([label]) => !['Who', 'Source IP'].includes(label))
      .map(([label, value]) => `${untrusted(label, 64)}: ${untrusted(value)}`),
    `Subject: ${shown(match.subject.arn, 2048)}`,
    ...(ctx.owner === undefined ? [] : [`Owner: ${shown(ctx.owner)}`]),
    '',
    `Decision: ${untrusted(decision.decision)} (${untrusted(decision.reason)})`,
    ...(decision.exemptionId === undefined ? [] : [`Exemption: ${shown(decision.exemptionId)}`]),
    ...(ctx.executionName === undefined ? [] : [`Execution: ${untrusted(ctx.executionName)}`]),
  ];
  return {
    subject,
    message: cap(lines.join('\n')),
    attributes: cleanAttributes({
      severity: match.severity,
      ruleId: match.ruleId,
      accountId: ctx.event.accountId,
      ...ownerAttributes(ctx),
      decision: decision.decision,
      kind: 'EVENT',
    }),
  };
}

export type { EventNotificationContext };
export { cleanAttributes, composeEventFindingNotification, composeMatchNotification };
