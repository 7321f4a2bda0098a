/**
 * A bare CloudTrail record (what a trail's log file or a SIEM export holds: the EventBridge event's
 * `detail`) wrapped as EventBridge wraps it on the default bus, so `warden event`, `warden trail` and the trail
 * forwarder take either:
 * `detail-type` from the record's `eventType` (AwsApiCall → "AWS API Call via CloudTrail",
 * AwsConsoleSignIn → "AWS Console Sign In via CloudTrail", AwsServiceEvent → "AWS Service Event via
 * CloudTrail", AwsConsoleAction → "AWS Console Action via CloudTrail"), `source` from `eventSource`
 * (`s3.amazonaws.com` → `aws.s3`, `signin.amazonaws.com` → `aws.signin`), `account` from
 * `recipientAccountId`, `region` from `awsRegion`, `time` from `eventTime`. The envelope's `id` is
 * left out: EventBridge makes a new one, and the local run names its execution after the record's
 * `eventID` instead. Anything else (an envelope, an unknown `eventType`) is passed on untouched, for
 * the event path to handle or reject with its own reason.
 */

import { sourceFromEventSource } from './envelope';
import { DETAIL_TYPES } from './event-model';
import { isRecord } from './json';

const DETAIL_TYPE_OF_EVENT_TYPE: Readonly<Record<string, string>> = {
  AwsApiCall: DETAIL_TYPES.apiCall,
  AwsConsoleSignIn: DETAIL_TYPES.signIn,
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
  AwsConsoleAction: 'AWS Console Action via CloudTrail',
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The detail-type EventBridge gives `record`, when it is a bare CloudTrail record it knows the type of. */
function detailTypeOf(record: unknown): string | undefined {
  if (!isRecord(record) || record['detail-type'] !== undefined) return undefined;
  if (text(record.eventSource) === undefined || text(record.eventName) === undefined) return undefined;
  const eventType = text(record.eventType);
  return eventType === undefined ? undefined : DETAIL_TYPE_OF_EVENT_TYPE[eventType];
}

/** `value` as the EventBridge event it would arrive as; `wrapped` says whether it was a bare record. */
function asEventBridgeEvent(value: unknown): { event: unknown; wrapped: boolean } {
  const detailType = detailTypeOf(value);
  if (detailType === undefined || !isRecord(value)) return { event: value, wrapped: false };
  const account = text(value.recipientAccountId);
  const region = text(value.awsRegion);
  const time = text(value.eventTime);
  return {
    event: {
      version: '0',
      'detail-type': detailType,
      source: sourceFromEventSource(String(value.eventSource)),
      ...(account !== undefined ? { account } : {}),
      ...(time !== undefined ? { time } : {}),
      ...(region !== undefined ? { region } : {}),
      resources: [],
      detail: value,
    },
    wrapped: true,
  };
}

export { asEventBridgeEvent };
