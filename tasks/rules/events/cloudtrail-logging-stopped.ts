/**
 * cloudtrail-logging-stopped: a CloudTrail trail was stopped (StopLogging), deleted (DeleteTrail) or
 * narrowed to one region (UpdateTrail with `isMultiRegionTrail: false`), so API calls stop being
 * recorded. Turning audit logging off is among the first things an intruder does.
 *
 * Reads the CloudTrail record's `requestParameters.name` (the trail name or ARN) and, for UpdateTrail,
 * `requestParameters.isMultiRegionTrail` (the UpdateTrail API's IsMultiRegionTrail). Other UpdateTrail
 * calls (a new bucket, a key) keep the trail logging and are not notified.
 */
import { z } from 'zod';
import { field, flag, textAt } from '../../shared/events/json';
import { callNotice, isCallOf } from './api-call-notice';
import { defineEventRule, noMatch } from './event-rule';

const parameters = z.object({}).strict();
type CloudtrailLoggingStoppedParams = z.infer<typeof parameters>;

const EVENT_NAMES = ['StopLogging', 'DeleteTrail', 'UpdateTrail'];
const EVENT_SOURCE = 'cloudtrail.amazonaws.com';

const cloudtrailLoggingStopped = defineEventRule<CloudtrailLoggingStoppedParams>({
  id: 'cloudtrail-logging-stopped',
  title: 'A CloudTrail trail was stopped, deleted or narrowed to one region',
  severity: 'HIGH',
  controls: ['CIS 4.5'],
  controlsNote:
    'The calls of CIS 4.5 (CloudTrail configuration changes) that stop or narrow logging; CreateTrail, StartLogging and other UpdateTrail calls are not notified. The state they break is FSBP CloudTrail.1 / CIS 3.1, left to a resource rule.',
  rationale:
    'CloudTrail is the record of who did what in the account; with a trail stopped, deleted or reduced to one region, whatever happens next leaves no trace. The call is notified the moment it is made, naming the trail and the caller, so that logging is restored and the gap investigated.',
  triggers: { cloudTrail: [{ source: 'aws.cloudtrail', eventNames: EVENT_NAMES }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (!isCallOf(event, EVENT_SOURCE, EVENT_NAMES)) {
      return noMatch(`cloudtrail-logging-stopped: ${event.eventName || event.detailType} does not stop a trail`);
    }
    const trail = textAt(event.request, 'name') ?? '(trail not recorded)';
    const details = { Trail: trail };
    switch (event.eventName) {
      case 'StopLogging':
        return callNotice(event, {
          what: `stopped logging of CloudTrail trail ${trail}`,
          why: 'API calls are no longer recorded by this trail.',
          details,
        });
      case 'DeleteTrail':
        return callNotice(event, {
          what: `deleted CloudTrail trail ${trail}`,
          why: 'API calls are no longer recorded by this trail.',
          details,
        });
      default:
        if (flag(field(event.request, 'isMultiRegionTrail')) !== false) {
          return noMatch(`cloudtrail-logging-stopped: UpdateTrail of ${trail} keeps it logging in every region it did`);
        }
        return callNotice(event, {
          what: `made CloudTrail trail ${trail} single-region`,
          why: 'API calls in the other regions are no longer recorded by this trail.',
          details,
        });
    }
  },
});

export { type CloudtrailLoggingStoppedParams, cloudtrailLoggingStopped };
