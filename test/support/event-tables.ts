/** The embedded DynamoDB with the tables the event tasks use (Exemptions, Ledger, NotificationLog, Accounts, WatchList). */
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../local/embedded-dynamodb';
import type { TableSchema } from '../../local/extract';

const S = 'S' as const;
const key = (hash: string, range?: string): Pick<TableSchema, 'keySchema' | 'attributeDefinitions'> => ({
  keySchema: [
    { AttributeName: hash, KeyType: 'HASH' },
    ...(range === undefined ? [] : [{ AttributeName: range, KeyType: 'RANGE' as const }]),
  ],
  attributeDefinitions: [
    { AttributeName: hash, AttributeType: S },
    ...(range === undefined ? [] : [{ AttributeName: range, AttributeType: S }]),
  ],
});

const EVENT_TABLES: TableSchema[] = [
  { tableName: 'Accounts', ...key('accountId'), globalSecondaryIndexes: [] },
  { tableName: 'Exemptions', ...key('accountId', 'exemptionId'), globalSecondaryIndexes: [] },
  { tableName: 'Ledger', ...key('findingId', 'at'), globalSecondaryIndexes: [] },
  { tableName: 'NotificationLog', ...key('dedupeKey'), globalSecondaryIndexes: [] },
  { tableName: 'WatchList', ...key('eventSource', 'eventName'), globalSecondaryIndexes: [] },
];

function startEventTables(): Promise<EmbeddedDynamoDb> {
  return startEmbeddedDynamoDb(EVENT_TABLES);
}

export { EVENT_TABLES, startEventTables };
