/**
 * What the informational API-call rules share (root access key, CloudTrail / GuardDuty / Config
 * turned off, spot requests): whether an event is one of the calls a rule reads, and the match that
 * notifies it with who made it (the composed notification adds where and when). A rule file keeps
 * only what it says about its calls.
 */
import type { NormalizedEvent } from '../../shared/events/event-model';
import type { Severity } from '../../shared/model';
import { callerDetails, type EventMatch, principalSubject, shortPrincipal } from './event-rule';

/** Whether `event` is a CloudTrail API call of `eventSource` (e.g. `cloudtrail.amazonaws.com`) named one of `names`. */
function isCallOf(event: NormalizedEvent, eventSource: string, names: readonly string[]): boolean {
  return event.kind === 'API_CALL' && event.eventSource === eventSource && names.includes(event.eventName);
}

interface Notice {
  /** What happened, e.g. `stopped CloudTrail trail org-trail` (the summary adds `by <who>`). */
  readonly what: string;
  /** Why it matters, one sentence. */
  readonly why: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly severity?: Severity;
}

/**
 * The match for one call: subject = the caller (exemptions match the principal's ARN, as for the
 * other informational rules), one finding per event.
 */
function callNotice(event: NormalizedEvent, notice: Notice): EventMatch {
  const by = event.originator?.display ?? 'an unknown caller';
  return {
    matched: true,
    summary: `${notice.what} by ${shortPrincipal(event)}`,
    message: `${by} ${notice.what} in ${event.region}${event.time === undefined ? '' : ` at ${event.time}`}. ${notice.why}`,
    subject: principalSubject(event),
    details: { Call: `${event.eventSource} ${event.eventName}`, ...notice.details, ...callerDetails(event) },
    dedupeKey: `event/${event.eventId}`,
    ...(notice.severity === undefined ? {} : { severity: notice.severity }),
  };
}

export { callNotice, isCallOf };
