/**
 * watched-api-call: any CloudTrail API call whose event source and name are on the WatchList table
 * (editable without a deploy) is notified with the entry's severity and note (DESIGN §5).
 * An entry with eventName `*` watches every call of its event source.
 */
import { z } from 'zod';
import { callerDetails, defineEventRule, noMatch, principalSubject } from './event-rule';

const parameters = z.object({}).strict();
type WatchedApiCallParams = z.infer<typeof parameters>;

const watchedApiCall = defineEventRule<WatchedApiCallParams>({
  id: 'watched-api-call',
  title: 'A watched API call was made',
  severity: 'MEDIUM',
  controls: [],
  controlsNote:
    "No FSBP or CIS control: the calls watched are the operators' own list (the WatchList table), editable without a deploy.",
  rationale:
    'Some calls matter to a particular organization (a KMS key scheduled for deletion, a role trust policy changed) without any benchmark naming them. The watch list lets operators add such a call without a deploy, and each one is notified with who made it, where and when.',
  triggers: { watchList: true },
  defaultMode: 'notify',
  parameters,
  evaluate(event, _params, context) {
    if (event.kind !== 'API_CALL') return noMatch(`watched-api-call: a ${event.detailType} event is not an API call`);
    const watch = context.watch;
    if (watch === undefined) {
      return noMatch(`watched-api-call: ${event.eventSource} ${event.eventName} is not on the watch list`);
    }
    const by = event.originator?.display ?? 'an unknown caller';
    return {
      matched: true,
      summary: `${event.eventName} by ${by}`,
      message: `${event.eventName} (${event.eventSource}) was called in ${event.region} by ${by}.${watch.note === undefined ? '' : ` Watch-list note: ${watch.note}`}`,
      subject: principalSubject(event),
      details: {
        Call: `${event.eventSource} ${event.eventName}`,
        'Watch-list entry': `${watch.eventSource} ${watch.eventName}`,
        ...(watch.note === undefined ? {} : { Note: watch.note }),
        ...callerDetails(event),
      },
      dedupeKey: `event/${event.eventId}`,
      severity: watch.severity,
    };
  },
});

export { type WatchedApiCallParams, watchedApiCall };
