/** Ledger writes in batches (issue 18 item 4): 25 per BatchWriteItem, unprocessed items retried, never lost silently. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LedgerWriteError, writeLedgerRecords } from '../../../tasks/shared/ledger';

const TABLE = 'Ledger';
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(ddb);

function records(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    findingId: `f-${i}`,
    at: '2026-11-22T06:00:00.000Z',
    outcome: 'PLANNED',
  }));
}

type Request = { PutRequest: { Item: Record<string, unknown> } };
const sent = () =>
  mock.commandCalls(BatchWriteCommand).map((c) => (c.args[0].input.RequestItems?.[TABLE] ?? []) as Request[]);

const delays: number[] = [];
const options = {
  sleep: async (ms: number) => {
    delays.push(ms);
  },
  random: () => 0.5,
};

beforeEach(() => {
  mock.reset();
  delays.length = 0;
});

describe('writeLedgerRecords', () => {
  it('writes 60 records in three calls of 25, 25 and 10', async () => {
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    await writeLedgerRecords(ddb, TABLE, records(60), options);
    expect(sent().map((batch) => batch.length)).toEqual([25, 25, 10]);
    expect(
      sent()
        .flat()
        .map((r) => r.PutRequest.Item.findingId),
    ).toEqual(records(60).map((r) => r.findingId));
    expect(delays).toEqual([]);
  });

  it('retries the items DynamoDB left unprocessed, with a growing jittered back-off, until they are written', async () => {
    const all = records(30);
    const left = (ids: number[]) => ({
      UnprocessedItems: { [TABLE]: ids.map((i) => ({ PutRequest: { Item: all[i] } })) },
    });
    mock
      .on(BatchWriteCommand)
      .resolvesOnce(left([3, 7]))
      .resolvesOnce(left([7]))
      .resolvesOnce({})
      .resolves({ UnprocessedItems: {} });
    await writeLedgerRecords(ddb, TABLE, all, options);
    expect(sent().map((batch) => batch.map((r) => r.PutRequest.Item.findingId))).toEqual([
      all.slice(0, 25).map((r) => r.findingId),
      ['f-3', 'f-7'],
      ['f-7'],
      all.slice(25).map((r) => r.findingId),
    ]);
    // Full jitter: random() × min(2000, 50 × 2^attempt).
    expect(delays).toEqual([50, 100]);
  });

  it('fails, naming how many records were not written, when items stay unprocessed after every attempt', async () => {
    const all = records(60);
    // The second batch never gets 5 of its items through; the third is never sent.
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({})
      .resolves({ UnprocessedItems: { [TABLE]: all.slice(25, 30).map((Item) => ({ PutRequest: { Item } })) } });
    const error = await writeLedgerRecords(ddb, TABLE, all, { ...options, maxAttempts: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerWriteError);
    expect((error as LedgerWriteError).name).toBe('LedgerWriteError');
    expect((error as LedgerWriteError).unwritten).toBe(15);
    expect((error as Error).message).toBe(
      '15 of 60 ledger records were not written: DynamoDB left them unprocessed 4 times',
    );
    expect(sent().length).toBe(1 + 4);
    expect(delays.length).toBe(3);
  });

  it('sends one request per key: a record given twice is one item (BatchWriteItem refuses duplicate keys)', async () => {
    mock.on(BatchWriteCommand).resolves({});
    const twice = [...records(2), { ...records(1)[0], outcome: 'SUCCEEDED' }];
    await writeLedgerRecords(ddb, TABLE, twice, options);
    expect(sent()).toEqual([
      [{ PutRequest: { Item: { ...records(1)[0], outcome: 'SUCCEEDED' } } }, { PutRequest: { Item: records(2)[1] } }],
    ]);
  });

  it('writes nothing for no records', async () => {
    await writeLedgerRecords(ddb, TABLE, [], options);
    expect(sent()).toEqual([]);
  });
});
