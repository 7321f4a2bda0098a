/** Duplicate suppression on the embedded DynamoDB: conditional writes, the window, and failing open. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDynamoDb } from '../../../../local/embedded-dynamodb';
import { createDeduplicator } from '../../../../tasks/shared/notification/dedupe';
import { startEventTables } from '../../../support/event-tables';

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  db = await startEventTables();
});
afterAll(async () => db.close());

describe('createDeduplicator', () => {
  it('the first claim wins; the same key within the window is a duplicate; after it, it is new again', async () => {
    let t = Date.parse('2026-11-22T06:00:00Z');
    const dedupe = createDeduplicator({
      ddb: db.documents,
      table: 'NotificationLog',
      windowSeconds: 600,
      now: () => new Date(t),
    });
    expect(await dedupe.claim('k1', { ruleId: 'r' })).toEqual({ first: true });
    t += 599_000;
    expect(await dedupe.claim('k1', { ruleId: 'r' })).toEqual({ first: false });
    expect(await dedupe.claim('k2', { ruleId: 'r' })).toEqual({ first: true });
    t += 1_000;
    expect(await dedupe.claim('k1', { ruleId: 'r' })).toEqual({ first: true });
  });

  it('a released claim can be claimed again at once', async () => {
    const dedupe = createDeduplicator({
      ddb: db.documents,
      table: 'NotificationLog',
      now: () => new Date('2026-11-22T07:00:00Z'),
    });
    expect((await dedupe.claim('k3', {})).first).toBe(true);
    await dedupe.release('k3');
    expect((await dedupe.claim('k3', {})).first).toBe(true);
  });

  it('fails open when the log cannot be written (and says so), but lets throttling propagate', async () => {
    const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const mock = mockClient(ddb);
    const warnings: string[] = [];
    const dedupe = createDeduplicator({ ddb, table: 'NotificationLog', warn: (m) => warnings.push(m) });
    mock.on(PutCommand).rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    expect(await dedupe.claim('k', {})).toEqual({ first: true });
    expect(warnings).toEqual(['notification log NotificationLog could not be written; notifying anyway']);
    mock.on(PutCommand).rejects(Object.assign(new Error('slow'), { name: 'ThrottlingException' }));
    await expect(dedupe.claim('k', {})).rejects.toThrow('slow');
  });
});
