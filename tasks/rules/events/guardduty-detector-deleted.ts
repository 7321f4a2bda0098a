/**
 * guardduty-detector-deleted: a GuardDuty detector was deleted (DeleteDetector), which turns GuardDuty
 * off in that region and discards its findings. Reads `requestParameters.detectorId` (the
 * DeleteDetector API's detectorId).
 */
import { z } from 'zod';
import { textAt } from '../../shared/events/json';
import { callNotice, isCallOf } from './api-call-notice';
import { defineEventRule, noMatch } from './event-rule';

const parameters = z.object({}).strict();
type GuarddutyDetectorDeletedParams = z.infer<typeof parameters>;

const guarddutyDetectorDeleted = defineEventRule<GuarddutyDetectorDeletedParams>({
  id: 'guardduty-detector-deleted',
  title: 'A GuardDuty detector was deleted',
  severity: 'HIGH',
  controls: [],
  controlsNote:
    'No FSBP or CIS control evaluates the call: the state it breaks is FSBP GuardDuty.1 (GuardDuty should be enabled), left to a resource rule.',
  rationale:
    "GuardDuty is the account's threat detection; deleting its detector stops detection in the region and deletes the findings it had, which is why intruders do it early. The deletion is notified at once with the caller, so that the detector is re-created and the deletion explained.",
  triggers: { cloudTrail: [{ source: 'aws.guardduty', eventNames: ['DeleteDetector'] }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (!isCallOf(event, 'guardduty.amazonaws.com', ['DeleteDetector'])) {
      return noMatch(`guardduty-detector-deleted: ${event.eventName || event.detailType} does not delete a detector`);
    }
    const detector = textAt(event.request, 'detectorId') ?? '(id not recorded)';
    return callNotice(event, {
      what: `deleted GuardDuty detector ${detector}`,
      why: 'GuardDuty no longer detects threats in this region, and its findings are gone.',
      details: { Detector: detector },
    });
  },
});

export { type GuarddutyDetectorDeletedParams, guarddutyDetectorDeleted };
