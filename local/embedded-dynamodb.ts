/**
 * The embedded DynamoDB of local runs: dynalite (the DynamoDB API on 127.0.0.1 with a random port),
 * in memory or on disk, with tables created from the synthesized template's own key schemas. Tasks
 * use the same SDK code against it as against DynamoDB. dynalite has no TTL expiry, transactions or
 * PartiQL; Warden does not depend on them.
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import type { TableSchema } from './extract';

interface EmbeddedDynamoDb {
  readonly client: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly endpoint: string;
  /**
   * Writes `items` into `table` as that many PutItems would (a later item replaces an earlier one with
   * the same key), 25 to a BatchWriteItem: seeding thousands of registry or exemption items costs
   * hundreds of round trips, not thousands.
   */
  putAll(table: TableSchema, items: readonly Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

interface EmbeddedOptions {
  /** Keep the data in this directory (LevelDB) instead of memory. */
  readonly path?: string;
  /** Create each table under another name (`schema.tableName` → name). @default the schema's own name */
  readonly names?: (schema: TableSchema) => string;
}

async function startEmbeddedDynamoDb(
  tables: readonly TableSchema[],
  options: EmbeddedOptions = {},
): Promise<EmbeddedDynamoDb> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const table of tables) {
    const name = options.names?.(table) ?? table.tableName;
    if (!existing.has(name)) await createTable(client, table, name);
  }
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    client,
    documents,
    endpoint,
    putAll: (table, items) => putAll(documents, table, options.names?.(table) ?? table.tableName, items),
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function createTable(client: DynamoDBClient, table: TableSchema, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: table.keySchema,
      AttributeDefinitions: table.attributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      ...(table.globalSecondaryIndexes.length > 0
        ? {
            GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((g) => ({
              IndexName: g.IndexName,
              KeySchema: g.KeySchema,
              Projection: g.Projection as { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE' },
            })),
          }
        : {}),
    }),
  );
}

/** BatchWriteItem refuses two requests for one key in a batch, so the last item of each key is kept. */
async function putAll(
  documents: DynamoDBDocumentClient,
  table: TableSchema,
  name: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  const keyNames = table.keySchema.map((k) => k.AttributeName);
  const byKey = new Map<string, Record<string, unknown>>();
  for (const item of items) {
    const key = JSON.stringify(keyNames.map((k) => item[k]));
    byKey.delete(key);
    byKey.set(key, item);
  }
  const unique = [...byKey.values()];
  for (let i = 0; i < unique.length; i += 25) {
    let requests = unique.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt === 5) throw new Error(`the embedded DynamoDB left ${requests.length} items of ${name} unwritten`);
      const out = await documents.send(new BatchWriteCommand({ RequestItems: { [name]: requests } }));
      requests = (out.UnprocessedItems?.[name] ?? []) as typeof requests;
    }
  }
}

/** The table of `tables` whose logical id contains `id` (`Accounts`, `Exemptions`, `Ledger`). */
function tableNamed(tables: readonly TableSchema[], id: string): TableSchema {
  const table = tables.find((t) => t.tableName.includes(id));
  if (table === undefined) throw new Error(`the template has no ${id} table`);
  return table;
}

export type { EmbeddedDynamoDb };
export { startEmbeddedDynamoDb, tableNamed };
