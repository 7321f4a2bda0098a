import { describe, expect, it } from 'vitest';
import { cloudtrailLoggingStopped } from '../../../../tasks/rules/events/cloudtrail-logging-stopped';
import { eventFixture } from '../../../support/event-fixtures';
import { normalizedCorpus } from '../../../support/normalized-events';

const evaluate = (e: Parameters<typeof cloudtrailLoggingStopped.evaluate>[0]) =>
  cloudtrailLoggingStopped.evaluate(e, {}, {});

describe('cloudtrail-logging-stopped', () => {
  it('StopLogging (a real capture): names the trail and the caller; the subject is the caller', () => {
    expect(evaluate(eventFixture('cloudtrail-stop-logging'))).toMatchObject({
      matched: true,
      summary: 'stopped logging of CloudTrail trail stratus-red-team-ct-stop-trail-buykxbqejv by christophe',
      subject: { type: 'Principal', arn: 'arn:aws:iam::143434273843:user/christophe' },
      details: {
        Call: 'cloudtrail.amazonaws.com StopLogging',
        Trail: 'stratus-red-team-ct-stop-trail-buykxbqejv',
        'Source IP': '86.245.153.234',
      },
      dedupeKey: 'event/0f0c1a7e-6b43-4c55-a1d6-9f1e52d3c101',
    });
  });

  it('DeleteTrail (a real capture) matches', () => {
    expect(evaluate(eventFixture('cloudtrail-delete-trail'))).toMatchObject({
      matched: true,
      summary: expect.stringMatching(/^deleted CloudTrail trail stratus-red-team-cloudtraild-trail-kvrwohmiai by /),
    });
  });

  it('UpdateTrail matches only when it turns multi-region off (the API’s IsMultiRegionTrail), as a boolean or CloudTrail’s string', () => {
    const update = (requestParameters: unknown) =>
      evaluate(eventFixture('cloudtrail-stop-logging', { eventName: 'UpdateTrail', requestParameters }));
    expect(update({ name: 'org-trail', isMultiRegionTrail: false })).toMatchObject({
      matched: true,
      summary: 'made CloudTrail trail org-trail single-region by christophe',
    });
    expect(update({ name: 'org-trail', isMultiRegionTrail: 'false' })).toMatchObject({ matched: true });
    expect(update({ name: 'org-trail', isMultiRegionTrail: true })).toEqual({
      matched: false,
      reason: 'cloudtrail-logging-stopped: UpdateTrail of org-trail keeps it logging in every region it did',
    });
    expect(update({ name: 'org-trail', s3BucketName: 'new-bucket' })).toMatchObject({ matched: false });
  });

  it('StartLogging and calls of other services do not match', () => {
    expect(evaluate(eventFixture('cloudtrail-stop-logging', { eventName: 'StartLogging' }))).toEqual({
      matched: false,
      reason: 'cloudtrail-logging-stopped: StartLogging does not stop a trail',
    });
    expect(evaluate(normalizedCorpus('awsdocs/dynamodb-createtable-cloudtrail.json'))).toMatchObject({
      matched: false,
    });
  });
});
