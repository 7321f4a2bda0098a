/**
 * DynamoDB tables of one account-region as AWS Config `AWS::DynamoDB::Table` items: ListTables
 * (paged by `LastEvaluatedTableName`), DescribeTable per table (`configuration` = its TableDescription
 * in Config's case: `tableName`, `tableStatus`, `ssedescription.ssetype`, …; resourceId and
 * resourceName = the table name, as in the aws-config-rdk sample CI), and DescribeContinuousBackups,
 * recorded where Config records it: `supplementaryConfiguration.ContinuousBackupsDescription`
 * (`continuousBackupsStatus`, `pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`, …).
 *
 * Errors: a table deleted between the listing and the read (`ResourceNotFoundException` from
 * DescribeTable, `TableNotFoundException` from DescribeContinuousBackups) is dropped; any other
 * DescribeTable failure is a resource error; any other DescribeContinuousBackups failure (AccessDenied)
 * goes to `unknown.ContinuousBackupsDescription`; throttling and a failed ListTables propagate.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { describeError, errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { defineCollector } from './collector';
import { partitionOf } from './config-case';
import { toRunCase } from './config-case-run';

const DYNAMODB_TABLE_READS = [
  'dynamodb:ListTables',
  'dynamodb:DescribeTable',
  'dynamodb:DescribeContinuousBackups',
] as const;

/** Largest page ListTables allows (Limit 1–100). */
const PAGE_SIZE = 100;

/** The table no longer exists (DescribeTable says ResourceNotFound, DescribeContinuousBackups TableNotFound). */
const GONE = new Set(['ResourceNotFoundException', 'TableNotFoundException']);

class TableGoneError extends Error {}

async function continuousBackupsOf(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<{ supplementary: Record<string, unknown>; unknown?: Record<string, string> }> {
  try {
    const out = await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: tableName }));
    return {
      supplementary:
        out.ContinuousBackupsDescription === undefined
          ? {}
          : { ContinuousBackupsDescription: toRunCase(out.ContinuousBackupsDescription) },
    };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    if (GONE.has(errorName(error))) throw new TableGoneError(tableName);
    return { supplementary: {}, unknown: { ContinuousBackupsDescription: errorName(error) } };
  }
}

function tableToCi(
  table: TableDescription,
  backups: { supplementary: Record<string, unknown>; unknown?: Record<string, string> },
  accountId: string,
  region: string,
): ConfigurationItem {
  const name = table.TableName as string;
  return {
    resourceType: 'AWS::DynamoDB::Table',
    resourceId: name,
    resourceName: name,
    arn: table.TableArn ?? `arn:${partitionOf(region)}:dynamodb:${region}:${accountId}:table/${name}`,
    accountId,
    region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration: toRunCase(table) as Record<string, unknown>,
    supplementaryConfiguration: backups.supplementary,
    tags: {},
    relationships: [],
    ...(backups.unknown === undefined ? {} : { unknown: backups.unknown }),
  };
}

/** The table as it is now, or `undefined` when it no longer exists. */
async function readTable(dynamodb: DynamoDBClient, tableName: string, accountId: string, region: string) {
  try {
    const table = (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    if (table?.TableName === undefined) return undefined;
    return tableToCi(table, await continuousBackupsOf(dynamodb, table.TableName), accountId, region);
  } catch (error) {
    if (error instanceof TableGoneError || GONE.has(errorName(error))) return undefined;
    throw error;
  }
}

const dynamodbTables = defineCollector({
  resourceTypes: ['AWS::DynamoDB::Table'],
  scope: 'region',
  api: 'dynamodb:ListTables',
  reads: DYNAMODB_TABLE_READS,
  recordedByConfig: true,
  async collect(ctx) {
    const dynamodb = ctx.client(DynamoDBClient, ctx.region);
    const names = await collectPages('ListTables', async (start) => {
      const page = await dynamodb.send(
        new ListTablesCommand({ Limit: PAGE_SIZE, ...(start === undefined ? {} : { ExclusiveStartTableName: start }) }),
      );
      return { items: page.TableNames ?? [], nextToken: page.LastEvaluatedTableName };
    });
    const items: ConfigurationItem[] = [];
    const resourceErrors: { resource: string; error: string }[] = [];
    for (const name of names) {
      try {
        const ci = await readTable(dynamodb, name, ctx.accountId, ctx.region);
        if (ci !== undefined) items.push(ci);
      } catch (error) {
        if (isThrottlingError(error)) throw error;
        resourceErrors.push({ resource: name, error: `dynamodb:DescribeTable: ${describeError(error)}` });
      }
    }
    return { items, resourceErrors };
  },
  async readOne(ctx, ref) {
    const name = ref.resourceId ?? ref.resourceName;
    if (name === undefined) return undefined;
    return readTable(ctx.client(DynamoDBClient, ctx.region), name, ctx.accountId, ctx.region);
  },
});

export { DYNAMODB_TABLE_READS, dynamodbTables };
