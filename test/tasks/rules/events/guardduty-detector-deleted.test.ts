import { describe, expect, it } from 'vitest';
import { guarddutyDetectorDeleted } from '../../../../tasks/rules/events/guardduty-detector-deleted';
import { eventFixture } from '../../../support/event-fixtures';

const evaluate = (e: Parameters<typeof guarddutyDetectorDeleted.evaluate>[0]) =>
  guarddutyDetectorDeleted.evaluate(e, {}, {});

describe('guardduty-detector-deleted', () => {
  it('DeleteDetector: names the detector and the caller', () => {
    expect(evaluate(eventFixture('guardduty-delete-detector'))).toMatchObject({
      matched: true,
      summary: 'deleted GuardDuty detector 12abc34d567e8fa901bc2d34e56789f0 by christophe',
      message: expect.stringContaining('GuardDuty no longer detects threats in this region'),
      details: { Detector: '12abc34d567e8fa901bc2d34e56789f0', Who: expect.any(String) },
    });
  });

  it('other GuardDuty calls, and DeleteDetector of another event source, do not match', () => {
    expect(evaluate(eventFixture('guardduty-delete-detector', { eventName: 'CreateDetector' }))).toEqual({
      matched: false,
      reason: 'guardduty-detector-deleted: CreateDetector does not delete a detector',
    });
    expect(
      evaluate(eventFixture('guardduty-delete-detector', { eventSource: 'cloudtrail.amazonaws.com' })),
    ).toMatchObject({ matched: false });
  });
});
