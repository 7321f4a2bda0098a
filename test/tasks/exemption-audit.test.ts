import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createExemptionAudit } from '../../tasks/exemption-audit/exemption-audit';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);

const item = {
  accountId: '222222222222',
  exemptionId: 'ex-1',
  requestedBy: 'a@example.com',
  approvedBy: 'b@example.com',
  effect: 'SUPPRESS',
};

function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  old?: object,
  now?: object,
  ttl = false,
  seq = '100',
): DynamoDBRecord {
  return {
    eventName,
    ...(ttl ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
    dynamodb: {
      ApproximateCreationDateTime: 1_795_000_000,
      SequenceNumber: seq,
      Keys: marshall({ accountId: item.accountId, exemptionId: item.exemptionId }) as never,
      ...(old ? { OldImage: marshall(old) as never } : {}),
      ...(now ? { NewImage: marshall(now) as never } : {}),
    },
  };
}

const written = () =>
  ddbMock
    .commandCalls(BatchWriteCommand)
    .flatMap((c) => c.args[0].input.RequestItems?.Ledger ?? [])
    .map((r) => r.PutRequest?.Item);

beforeEach(() => ddbMock.reset());

describe('exemption audit trail', () => {
  it('records create, update and delete with who, when, old and new image', async () => {
    ddbMock.on(BatchWriteCommand).resolves({});
    const audit = createExemptionAudit({ ddb, ledgerTable: 'Ledger' });
    const out = await audit({
      Records: [
        record('INSERT', undefined, item, false, '1'),
        record(
          'MODIFY',
          item,
          { ...item, effect: 'NOTIFY_ONLY', changedBy: 'arn:aws:iam::999999999999:user/ops' },
          false,
          '2',
        ),
        record('REMOVE', item, undefined, true, '3'),
      ],
    });
    expect(out.batchItemFailures).toEqual([]);
    expect(written()).toEqual([
      expect.objectContaining({
        findingId: 'exemption#222222222222#ex-1',
        change: 'INSERT',
        before: undefined,
        after: item,
        who: 'requested by a@example.com, approved by b@example.com',
        at: '2026-11-18T11:06:40.000Z#1',
      }),
      expect.objectContaining({
        change: 'MODIFY',
        before: item,
        after: expect.objectContaining({ effect: 'NOTIFY_ONLY' }),
        who: 'arn:aws:iam::999999999999:user/ops',
      }),
      expect.objectContaining({
        change: 'REMOVE',
        before: item,
        after: undefined,
        who: 'DynamoDB TTL (expired item purged)',
      }),
    ]);
  });

  it('a deletion by a person says the stream does not name them, and who wrote the item last', async () => {
    ddbMock.on(BatchWriteCommand).resolves({});
    const audit = createExemptionAudit({ ddb, ledgerTable: 'Ledger' });
    const last = { ...item, changedBy: 'arn:aws:sts::999999999999:assumed-role/SecOps/alice' };
    await audit({ Records: [record('REMOVE', last, undefined, false, '4')] });
    expect(written()).toEqual([
      expect.objectContaining({
        change: 'REMOVE',
        before: last,
        who:
          'not recorded by DynamoDB Streams (CloudTrail data events on the table name the caller); ' +
          'last written by arn:aws:sts::999999999999:assumed-role/SecOps/alice',
      }),
    ]);
  });

  it('reports the first record it could not write, so Lambda retries from there', async () => {
    ddbMock.on(BatchWriteCommand).resolvesOnce({}).rejects(new Error('throttled'));
    const audit = createExemptionAudit({ ddb, ledgerTable: 'Ledger' });
    const out = await audit({
      Records: [
        record('INSERT', undefined, item, false, '1'),
        record('MODIFY', item, item, false, '2'),
        record('REMOVE', item, undefined, false, '3'),
      ],
    });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
  });
});
