/**
 * config-recorder-stopped: AWS Config stopped recording (StopConfigurationRecorder), or its recorder
 * or delivery channel was deleted (DeleteConfigurationRecorder, DeleteDeliveryChannel). Reads
 * `requestParameters.configurationRecorderName` / `deliveryChannelName` (the APIs' parameter names).
 */
import { z } from 'zod';
import { textAt } from '../../shared/events/json';
import { callNotice, isCallOf } from './api-call-notice';
import { defineEventRule, noMatch } from './event-rule';

const parameters = z.object({}).strict();
type ConfigRecorderStoppedParams = z.infer<typeof parameters>;

const EVENT_NAMES = ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'];

const configRecorderStopped = defineEventRule<ConfigRecorderStoppedParams>({
  id: 'config-recorder-stopped',
  title: 'AWS Config recording was stopped, or its recorder or delivery channel deleted',
  severity: 'HIGH',
  controls: ['CIS 4.9'],
  controlsNote:
    'The calls of CIS 4.9 (AWS Config configuration changes) that stop recording; PutConfigurationRecorder and PutDeliveryChannel are not notified. The state they break is FSBP Config.1 / CIS 3.3, left to a resource rule.',
  rationale:
    "AWS Config is the history of every resource's configuration, and Warden's sweeps read it; with recording stopped, changes go unrecorded and unevaluated. The call is notified at once with the caller, so recording is restored before the gap grows.",
  triggers: { cloudTrail: [{ source: 'aws.config', eventNames: EVENT_NAMES }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (!isCallOf(event, 'config.amazonaws.com', EVENT_NAMES)) {
      return noMatch(`config-recorder-stopped: ${event.eventName || event.detailType} does not stop AWS Config`);
    }
    const recorder = textAt(event.request, 'configurationRecorderName');
    const channel = textAt(event.request, 'deliveryChannelName');
    const details = {
      ...(recorder === undefined ? {} : { Recorder: recorder }),
      ...(channel === undefined ? {} : { 'Delivery channel': channel }),
    };
    if (event.eventName === 'DeleteDeliveryChannel') {
      return callNotice(event, {
        what: `deleted AWS Config delivery channel ${channel ?? '(name not recorded)'}`,
        why: 'Config can no longer deliver configuration snapshots and history, and stops recording.',
        details,
      });
    }
    const verb = event.eventName === 'StopConfigurationRecorder' ? 'stopped' : 'deleted';
    return callNotice(event, {
      what: `${verb} AWS Config recorder ${recorder ?? '(name not recorded)'}`,
      why: 'Resource configuration changes are no longer recorded.',
      details,
    });
  },
});

export { type ConfigRecorderStoppedParams, configRecorderStopped };
