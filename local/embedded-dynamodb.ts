/**
 * The embedded DynamoDB of a local run: dynalite (the DynamoDB API, in memory, on 127.0.0.1 with a
 * random port), with the tables created from the synthesized template's own key schemas. Tasks use
 * the same SDK code against it as against DynamoDB. dynalite has no TTL expiry, transactions or
 * PartiQL; Warden does not depend on them.
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import type { TableSchema } from './extract';

interface EmbeddedDynamoDb {
  readonly client: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly endpoint: string;
  close(): Promise<void>;
}

async function startEmbeddedDynamoDb(tables: readonly TableSchema[]): Promise<EmbeddedDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
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
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  for (const table of tables) {
    await client.send(
      new CreateTableCommand({
        TableName: table.tableName,
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
  return {
    client,
    documents,
    endpoint,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { EmbeddedDynamoDb };
export { startEmbeddedDynamoDb };
