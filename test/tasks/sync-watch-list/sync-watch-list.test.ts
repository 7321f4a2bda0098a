/** The WatchedApiCalls rule follows the WatchList table. */
import { DescribeRuleCommand, EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import {
  createSyncWatchList,
  EMPTY_WATCH_LIST_PATTERN,
  watchListPattern,
} from '../../../tasks/sync-watch-list/sync-watch-list';
import { startEventTables } from '../../support/event-tables';

describe('watchListPattern', () => {
  it('one clause per event source; "*" watches every call of its source', () => {
    expect(
      watchListPattern([
        { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' },
        { eventSource: 'iam.amazonaws.com', eventName: 'AttachUserPolicy' },
        { eventSource: 'kms.amazonaws.com', eventName: '*' },
        { eventSource: 'kms.amazonaws.com', eventName: 'ScheduleKeyDeletion' },
        { eventSource: 42, eventName: 'x' },
      ]),
    ).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        $or: [
          { eventSource: ['iam.amazonaws.com'], eventName: ['AttachUserPolicy', 'CreateUser'] },
          { eventSource: ['kms.amazonaws.com'] },
        ],
      },
    });
  });

  it('an empty list matches nothing', () => {
    expect(watchListPattern([])).toEqual(EMPTY_WATCH_LIST_PATTERN);
    expect(watchListPattern([{ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' }])).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['sts.amazonaws.com'], eventName: ['GetCallerIdentity'] },
    });
  });
});

describe('sync-watch-list', () => {
  let db: EmbeddedDynamoDb;
  beforeAll(async () => {
    db = await startEventTables();
  });
  afterAll(async () => db.close());

  it('rewrites the rule pattern from the table, keeping its description and state; no-op when unchanged', async () => {
    await db.documents.send(
      new PutCommand({
        TableName: 'WatchList',
        Item: { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', severity: 'HIGH' },
      }),
    );
    const events = mockClient(EventBridgeClient);
    events.on(DescribeRuleCommand).resolves({ Description: 'watched', State: 'ENABLED', EventPattern: '{}' });
    const sync = createSyncWatchList({
      ddb: db.documents,
      events: new EventBridgeClient({ region: 'us-east-1' }),
      watchListTable: 'WatchList',
      ruleName: 'WatchedApiCalls',
      eventBusName: 'warden',
    });
    const out = await sync({});
    expect(out.entries).toBe(1);
    expect(events.commandCalls(PutRuleCommand)[0]?.args[0].input).toEqual({
      Name: 'WatchedApiCalls',
      EventBusName: 'warden',
      EventPattern: out.pattern,
      State: 'ENABLED',
      Description: 'watched',
    });
    events.on(DescribeRuleCommand).resolves({ Description: 'watched', State: 'ENABLED', EventPattern: out.pattern });
    await sync({});
    expect(events.commandCalls(PutRuleCommand)).toHaveLength(1);
  });
});
