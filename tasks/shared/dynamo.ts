/** Paging helpers over the DynamoDB document client (the same code runs against dynalite locally). */
import {
  type DynamoDBDocumentClient,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

async function scanAll(ddb: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: ddb }, { TableName: tableName })) {
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
  }
  return items;
}

async function queryAll(ddb: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: ddb }, input)) {
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
  }
  return items;
}

export { queryAll, scanAll };
