/**
 * The event rule contract: an informational rule evaluates a normalized event (who did what, where,
 * when), not a configuration item, and never remediates. One rule per file in this folder, listed
 * once in `./index.ts`; ids are part of the contract (DESIGN §5), like resource rule ids.
 */
import type { z } from 'zod';
import type { EventSubject, NormalizedEvent, WatchEntry } from '../../shared/events/event-model';
import type { Mode, Severity } from '../../shared/model';
import type { EventRuleTriggers } from '../../shared/triggers';
import type { RuleCatalogueEntry } from '../controls';

/** What an event rule may know besides the event. */
interface EventRuleContext {
  /** The WatchList entry for the event's source and name, when there is one. */
  readonly watch?: WatchEntry;
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

/** `controls`, `controlsNote`, `rationale`: what the catalogue (`warden rules`) says of the rule (`../controls.ts`). */
interface EventRule<P = Record<string, unknown>> extends RuleCatalogueEntry {
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
 * What CloudTrail records as `userIdentity.userName` of a failed console sign-in whose user name is
 * not a user of the account: it does not log what was typed (it may be a password).
 */
const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The principal's ARN, as exemptions match it (CloudTrail userIdentity reference): the session
 * issuer's role for assumed roles (one exemption covers every session of an automation role), else
 * the recorded ARN; records without one (failed console sign-ins carry no `arn`) are named from their
 * type, account and `userName` / `principalId`: `…:user/<name>` for an IAM user (without the user's
 * path, which the record does not carry), `…:root` for the root user only, `…:federated-user/<name>`
 * for a federation token. A principal that cannot be named is `…:unknown-principal/<principalId>`:
 * never the account root, whose exemption would otherwise silence everyone's events.
 */
function principalArn(event: NormalizedEvent): string {
  const o = event.originator;
  const partition = partitionOf(event.region);
  const account = o?.accountId !== undefined && ACCOUNT_ID.test(o.accountId) ? o.accountId : event.accountId;
  const unknown = `arn:${partition}:iam::${account}:unknown-principal/${o?.principalId ?? 'unknown'}`;
  if (o === undefined) return unknown;
  switch (o.type) {
    case 'AssumedRole':
      return o.issuerArn ?? o.arn ?? unknown;
    case 'Root':
      return o.arn ?? `arn:${partition}:iam::${account}:root`;
    case 'IAMUser':
      return o.arn ?? (o.userName === undefined ? unknown : `arn:${partition}:iam::${account}:user/${o.userName}`);
    case 'FederatedUser': {
      // principalId is `<account>:<name>` for federation tokens.
      const name = o.principalId?.includes(':') === true ? o.principalId.slice(o.principalId.indexOf(':') + 1) : '';
      return o.arn ?? (name === '' ? unknown : `arn:${partition}:sts::${account}:federated-user/${name}`);
    }
    default:
      return o.arn ?? unknown;
  }
}

/** The principal as an exemption-matchable subject (see `principalArn`). */
function principalSubject(event: NormalizedEvent): EventSubject {
  return { type: 'Principal', id: event.originator?.display ?? 'unknown caller', arn: principalArn(event) };
}

/** The caller in a word or two, for subjects: `anaya`, `root`, the session or role name. */
function shortPrincipal(event: NormalizedEvent): string {
  const o = event.originator;
  if (o === undefined) return 'an unknown caller';
  if (o.type === 'Root') return 'root';
  if (o.userName === HIDDEN_USER_NAME) return 'an unknown user name';
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

export type { EventEvaluation, EventMatch, EventNoMatch, EventRule, EventRuleContext, EventRuleTriggers };
export { callerDetails, defineEventRule, HIDDEN_USER_NAME, noMatch, partitionOf, principalSubject, shortPrincipal };
