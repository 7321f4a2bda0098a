import { describe, expect, it } from 'vitest';
import { configRecorderStopped } from '../../../../tasks/rules/events/config-recorder-stopped';
import { eventFixture } from '../../../support/event-fixtures';

const evaluate = (e: Parameters<typeof configRecorderStopped.evaluate>[0]) => configRecorderStopped.evaluate(e, {}, {});

describe('config-recorder-stopped', () => {
  it('DeleteDeliveryChannel: notified with the caller', () => {
    expect(evaluate(eventFixture('config-delete-delivery-channel'))).toMatchObject({
      matched: true,
      summary: expect.stringMatching(/^deleted AWS Config delivery channel /),
      details: { Call: 'config.amazonaws.com DeleteDeliveryChannel', Recorder: 'default' },
    });
  });

  it('StopConfigurationRecorder and DeleteConfigurationRecorder name the recorder', () => {
    const call = (eventName: string) =>
      evaluate(
        eventFixture('config-delete-delivery-channel', {
          eventName,
          requestParameters: { configurationRecorderName: 'default' },
        }),
      );
    expect(call('StopConfigurationRecorder')).toMatchObject({
      matched: true,
      summary: expect.stringMatching(/^stopped AWS Config recorder default by /),
    });
    expect(call('DeleteConfigurationRecorder')).toMatchObject({
      matched: true,
      summary: expect.stringMatching(/^deleted AWS Config recorder default by /),
    });
  });

  it('PutDeliveryChannel / StartConfigurationRecorder do not match', () => {
    for (const eventName of ['PutDeliveryChannel', 'StartConfigurationRecorder'])
      expect(evaluate(eventFixture('config-delete-delivery-channel', { eventName }))).toEqual({
        matched: false,
        reason: `config-recorder-stopped: ${eventName} does not stop AWS Config`,
      });
  });
});
