/**
 * ec2-spot-request-changed: spot capacity was requested or cancelled (seed scenario "creation/removal
 * of spot instances"): RequestSpotInstances, CancelSpotInstanceRequests, RequestSpotFleet,
 * CancelSpotFleetRequests, and CreateFleet when it asks for spot capacity.
 *
 * The request and fleet ids are read wherever the record carries them (`sir-…`, `sfr-…`, `fleet-…`
 * anywhere in requestParameters / responseElements), not from fixed paths, so the EC2 shapes
 * (`{items: […]}` lists, CreateFleet's nested request) need no mapping. A CreateFleet is spot when its
 * request names spot capacity anywhere: a `DefaultTargetCapacityType` of `spot`, a
 * `SpotTargetCapacity` above 0, or `SpotOptions` (the CreateFleet API's fields, in any case).
 *
 * Length: audit-only, over 80 lines: five calls, and telling a spot CreateFleet from an on-demand one.
 */
import { z } from 'zod';
import { isRecord } from '../../shared/events/json';
import { callNotice, isCallOf } from './api-call-notice';
import { defineEventRule, noMatch } from './event-rule';

const parameters = z.object({}).strict();
type Ec2SpotRequestChangedParams = z.infer<typeof parameters>;

const EVENT_NAMES = [
  'RequestSpotInstances',
  'CancelSpotInstanceRequests',
  'RequestSpotFleet',
  'CancelSpotFleetRequests',
  'CreateFleet',
];
const CANCELS = new Set(['CancelSpotInstanceRequests', 'CancelSpotFleetRequests']);
const SPOT_ID = /^(sir|sfr|fleet)-[0-9a-z-]+$/;

/** Every string value of `value` (nested objects and arrays) matching `pattern`, once each, in order. */
function idsIn(value: unknown, pattern: RegExp, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (pattern.test(value) && !out.includes(value)) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) idsIn(v, pattern, out);
  else if (isRecord(value)) for (const v of Object.values(value)) idsIn(v, pattern, out);
  return out;
}

/** Whether a CreateFleet request asks for spot capacity (see the module header). */
function asksForSpot(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(asksForSpot);
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([key, v]) => {
    const k = key.toLowerCase();
    if (k === 'defaulttargetcapacitytype' && typeof v === 'string' && v.toLowerCase() === 'spot') return true;
    if (k === 'spottargetcapacity' && Number(v) > 0) return true;
    if (k === 'spotoptions' && isRecord(v)) return true;
    return asksForSpot(v);
  });
}

const ec2SpotRequestChanged = defineEventRule<Ec2SpotRequestChangedParams>({
  id: 'ec2-spot-request-changed',
  title: 'Spot instances were requested or cancelled',
  severity: 'LOW',
  controls: [],
  controlsNote:
    'No FSBP or CIS control: an informational notice of the seed scenarios (creation and removal of spot instances).',
  rationale:
    'Spot requests start and stop capacity outside the usual launch paths and bill by the hour; a burst of spot requests is also a common sign of stolen credentials used for mining. Each request and cancellation is notified with who made it, so the capacity owners and the cost owners know.',
  triggers: { cloudTrail: [{ source: 'aws.ec2', eventNames: EVENT_NAMES }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (!isCallOf(event, 'ec2.amazonaws.com', EVENT_NAMES)) {
      return noMatch(
        `ec2-spot-request-changed: ${event.eventName || event.detailType} does not request or cancel spot capacity`,
      );
    }
    if (event.eventName === 'CreateFleet' && !asksForSpot(event.request)) {
      return noMatch('ec2-spot-request-changed: CreateFleet asks for on-demand capacity only');
    }
    const ids = idsIn([event.request, event.response], SPOT_ID);
    const what = CANCELS.has(event.eventName) ? 'cancelled' : 'requested';
    return callNotice(event, {
      what: `${what} spot capacity (${event.eventName}${ids.length > 0 ? `: ${ids.join(', ')}` : ''})`,
      why:
        what === 'cancelled'
          ? 'The spot instances of the cancelled requests may be terminated.'
          : 'Spot instances start outside the usual launch paths and are billed while they run.',
      details: ids.length > 0 ? { Requests: ids.join(', ') } : {},
    });
  },
});

export { type Ec2SpotRequestChangedParams, ec2SpotRequestChanged };
