/** A bare CloudTrail record wrapped as EventBridge wraps it (`tasks/shared/events/cloudtrail-record.ts`). */
import { describe, expect, it } from 'vitest';
import { asEventBridgeEvent } from '../../../../tasks/shared/events/cloudtrail-record';

const record = (eventType: string | undefined, eventSource: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventTime: '2026-11-22T06:00:00Z',
  eventSource,
  eventName: 'SomeCall',
  awsRegion: 'eu-west-1',
  recipientAccountId: '111122223333',
  eventID: 'e-1',
  ...(eventType === undefined ? {} : { eventType }),
  ...extra,
});

describe('asEventBridgeEvent', () => {
  it.each([
    ['AwsApiCall', 's3.amazonaws.com', 'AWS API Call via CloudTrail', 'aws.s3'],
    ['AwsConsoleSignIn', 'signin.amazonaws.com', 'AWS Console Sign In via CloudTrail', 'aws.signin'],
    ['AwsServiceEvent', 'kms.amazonaws.com', 'AWS Service Event via CloudTrail', 'aws.kms'],
  ])(
    '%s from %s → detail-type %s, source %s, with account, region and time',
    (eventType, source, detailType, ebSource) => {
      const bare = record(eventType, source);
      expect(asEventBridgeEvent(bare)).toEqual({
        wrapped: true,
        event: {
          version: '0',
          'detail-type': detailType,
          source: ebSource,
          account: '111122223333',
          time: '2026-11-22T06:00:00Z',
          region: 'eu-west-1',
          resources: [],
          detail: bare,
        },
      });
    },
  );

  it('leaves an EventBridge event, an unknown eventType and a record without eventType as they are', () => {
    const envelope = {
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.s3',
      detail: record('AwsApiCall', 's3.amazonaws.com'),
    };
    for (const value of [
      envelope,
      record('AwsCloudTrailInsight', 'cloudtrail.amazonaws.com'),
      record(undefined, 's3.amazonaws.com'),
      [1],
      'x',
    ]) {
      expect(asEventBridgeEvent(value)).toEqual({ event: value, wrapped: false });
    }
  });
});
