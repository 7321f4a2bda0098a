/**
 * The event rule contract: an informational rule evaluates a normalized event (who did what, where,
 * when), not a configuration item, and never remediates. One rule per file in this folder, listed
 * once in `./index.ts`; ids are part of the contract (DESIGN §5), like resource rule ids.
 */
import type { z } from 'zod';
import type { NormalizedEvent, WatchEntry } from '../../normalize-event/event-model';
import type { Mode, Severity } from '../../shared/model';

interface EventRuleTriggers {
  /** CloudTrail API calls (`AWS API Call via CloudTrail`), by EventBridge source and event name. */
  readonly cloudTrail?: ReadonlyArray<{ readonly source: string; readonly eventNames: readonly string[] }>;
  /** `AWS Console Sign In via CloudTrail` events. */
  readonly signIn?: boolean;
  /** `Parameter Store Change` events. */
  readonly parameterStore?: boolean;
  /** Any CloudTrail API call whose event source and name are on the WatchList table. */
  readonly watchList?: boolean;
}

/** What an event rule may know besides the event. */
interface EventRuleContext {
  /** The WatchList entry for the event's source and name, when there is one. */
  readonly watch?: WatchEntry;
}

/** What the event concerns: the resource it created or changed, else the principal (sign-ins, watched calls). */
interface EventSubject {
  readonly type: string;
  readonly id: string;
  /** Exemptions match this ARN (anchored glob). */
  readonly arn: string;
}

interface EventMatch {
  readonly matched: true;
  /** The end of the notification subject, e.g. `failed console sign-in of IAM user anaya from 192.0.2.0`. */
  readonly summary: string;
  /** One or two sentences: what happened and why it matters. */
  readonly message: string;
  readonly subject: EventSubject;
  /** Further `Label: value` lines for the notification body. */
  readonly details?: Readonly<Record<string, string>>;
  /** Identifies "the same finding" for duplicate suppression, within the rule and account. */
  readonly dedupeKey: string;
  /** Overrides the rule's severity for this event (a root sign-in, a watch-list entry's severity). */
  readonly severity?: Severity;
}

interface EventNoMatch {
  readonly matched: false;
  /** Why the rule has nothing to say about this event (shown when no rule matched). */
  readonly reason: string;
}

type EventEvaluation = EventMatch | EventNoMatch;

interface EventRule<P = Record<string, unknown>> {
  /** Equals the file name; part of the public contract (notifications, exemptions, config). */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly triggers: EventRuleTriggers;
  /** `audit` = matched but never notified; `notify` and `remediate` both notify (there is nothing to remediate). */
  readonly defaultMode: Mode;
  /** Parameters with their documented defaults: `parameters.parse({})` yields the defaults. */
  readonly parameters: z.ZodType<P>;
  /** Pure and synchronous; never throws for any normalized event. */
  evaluate(event: NormalizedEvent, params: P, context: EventRuleContext): EventEvaluation;
}

/** Lets rule files keep their parameter type while the registry holds them all. */
function defineEventRule<P>(rule: EventRule<P>): EventRule<P> {
  return rule;
}

function noMatch(reason: string): EventNoMatch {
  return { matched: false, reason };
}

/** `arn:<partition>:…` for the event's region (`aws-cn`, `aws-us-gov` where they apply). */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The principal as an exemption-matchable subject: the session issuer's role ARN for assumed roles
 * (so one exemption covers every session of an automation role), else the caller's ARN, else the
 * account root.
 */
function principalSubject(event: NormalizedEvent): EventSubject {
  const o = event.originator;
  const arn =
    (o?.type === 'AssumedRole' ? o.issuerArn : undefined) ??
    o?.arn ??
    `arn:${partitionOf(event.region)}:iam::${event.accountId}:root`;
  return { type: 'Principal', id: o?.display ?? 'unknown caller', arn };
}

/** The caller in a word or two, for subjects: `anaya`, `root`, the session or role name. */
function shortPrincipal(event: NormalizedEvent): string {
  const o = event.originator;
  if (o === undefined) return 'an unknown caller';
  if (o.type === 'Root') return 'root';
  return o.userName ?? o.sessionName ?? o.issuerName ?? o.display;
}

/** `who` / `when` / `from` lines every event notification carries. */
function callerDetails(event: NormalizedEvent): Record<string, string> {
  const o = event.originator;
  return {
    ...(o === undefined ? {} : { Who: o.display }),
    ...(o?.arn === undefined ? {} : { 'Caller ARN': o.arn }),
    ...(o?.issuerArn === undefined ? {} : { 'Session issuer': o.issuerArn }),
    ...(o?.sessionName === undefined ? {} : { 'Session name': o.sessionName }),
    ...(o?.sourceIdentity === undefined ? {} : { 'Source identity': o.sourceIdentity }),
    ...(o?.onBehalfOf === undefined ? {} : { 'On behalf of': o.onBehalfOf.userId }),
    ...(event.sourceIp === undefined ? {} : { 'Source IP': event.sourceIp }),
    ...(event.userAgent === undefined ? {} : { 'User agent': event.userAgent }),
  };
}

export type { EventEvaluation, EventMatch, EventNoMatch, EventRule, EventRuleContext, EventRuleTriggers, EventSubject };
export { callerDetails, defineEventRule, noMatch, partitionOf, principalSubject, shortPrincipal };
