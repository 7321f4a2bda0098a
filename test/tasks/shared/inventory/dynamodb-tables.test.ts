import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamodbTablePitr } from '../../../../tasks/rules/dynamodb/dynamodb-table-pitr';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { dynamodbTables } from '../../../../tasks/shared/inventory/dynamodb-tables';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const dynamodb = mockClient(DynamoDBClient);
afterEach(() => dynamodb.reset());

const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (client, region) => new client({ region }),
};
const REC = 'test_dynamodb_continuous_backup_filter__dynamodb';
const TABLE = 'mosdef2-DDBTable-VV01OCO2TJ72';
const DELETED = 'mosdef2-deleted';

/** The recording: two tables listed; the second was deleted before DescribeContinuousBackups. */
function stubRecording(): void {
  stubPlacebo(dynamodb.on(ListTablesCommand), `${REC}.ListTables_1.json`);
  stubPlacebo(dynamodb.on(DescribeTableCommand, { TableName: TABLE }), `${REC}.DescribeTable_1.json`);
  stubPlacebo(dynamodb.on(DescribeTableCommand, { TableName: DELETED }), `${REC}.DescribeTable_2.json`);
  stubPlacebo(
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: TABLE }),
    `${REC}.DescribeContinuousBackups_1.json`,
  );
  stubPlacebo(
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: DELETED }),
    `${REC}.DescribeContinuousBackups_2.json`,
  );
}

const denied = () => new PlaceboServiceError('AccessDeniedException', 'not authorized', 400, {});

describe('dynamodb-tables collector', () => {
  it('declares its reads, regional, recorded by Config', () => {
    expect(dynamodbTables.resourceTypes).toEqual(['AWS::DynamoDB::Table']);
    expect(dynamodbTables.reads).toEqual([
      'dynamodb:ListTables',
      'dynamodb:DescribeTable',
      'dynamodb:DescribeContinuousBackups',
    ]);
    expect(dynamodbTables.recordedByConfig).toBe(true);
  });

  it('builds the recorded table at Config paths, PITR in supplementaryConfiguration.ContinuousBackupsDescription', async () => {
    stubRecording();
    const { items, resourceErrors } = await dynamodbTables.collect(ctx);
    expect(resourceErrors).toEqual([]);
    // The deleted table answered TableNotFoundException: dropped, not an error.
    expect(items).toEqual([
      {
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: TABLE,
        resourceName: TABLE,
        arn: `arn:aws:dynamodb:us-east-1:644160558196:table/${TABLE}`,
        accountId: '644160558196',
        region: 'us-east-1',
        availabilityZone: 'Not Applicable',
        status: 'OK',
        configuration: {
          attributeDefinitions: [{ attributeName: 'ArtistId', attributeType: 'S' }],
          tableName: TABLE,
          keySchema: [{ attributeName: 'ArtistId', keyType: 'HASH' }],
          tableStatus: 'ACTIVE',
          creationDateTime: '2019-01-29T13:39:48.333Z',
          provisionedThroughput: { numberOfDecreasesToday: 0, readCapacityUnits: 0, writeCapacityUnits: 0 },
          tableSizeBytes: 0,
          itemCount: 0,
          tableArn: `arn:aws:dynamodb:us-east-1:644160558196:table/${TABLE}`,
          tableId: '0f64ca00-386f-4b55-b403-acd215e81072',
          billingModeSummary: {
            billingMode: 'PAY_PER_REQUEST',
            lastUpdateToPayPerRequestDateTime: '2019-01-29T13:39:48.333Z',
          },
        },
        supplementaryConfiguration: {
          ContinuousBackupsDescription: {
            continuousBackupsStatus: 'ENABLED',
            pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'DISABLED' },
          },
        },
        tags: {},
        relationships: [],
      },
    ]);
    expect(dynamodbTablePitr.evaluate(items[0]!, dynamodbTablePitr.parameters.parse({})).status).toBe('NON_COMPLIANT');
  });

  it('Config case for the SSE members (ssedescription.ssetype, kmsmasterKeyArn), as the schema names them', async () => {
    stubRecording();
    const describe = placeboResponse(`${REC}.DescribeTable_1.json`);
    const table = describe.ok ? (describe.output.Table as object) : {};
    dynamodb.on(DescribeTableCommand, { TableName: TABLE }).resolves({
      Table: {
        ...table,
        SSEDescription: {
          Status: 'ENABLED',
          SSEType: 'KMS',
          KMSMasterKeyArn: 'arn:aws:kms:us-east-1:644160558196:key/k',
        },
      } as never,
    });
    const { items } = await dynamodbTables.collect(ctx);
    expect(items[0]?.configuration.ssedescription).toEqual({
      status: 'ENABLED',
      ssetype: 'KMS',
      kmsmasterKeyArn: 'arn:aws:kms:us-east-1:644160558196:key/k',
    });
  });

  it('pages ListTables by LastEvaluatedTableName', async () => {
    // The recording has one page; the second page is ours.
    const page = placeboResponse(`${REC}.ListTables_1.json`);
    stubRecording();
    dynamodb
      .on(ListTablesCommand)
      .resolvesOnce({ ...(page.ok ? page.output : {}), LastEvaluatedTableName: DELETED } as never)
      .resolvesOnce({ TableNames: [] });
    await dynamodbTables.collect(ctx);
    expect(dynamodb.commandCalls(ListTablesCommand).map((c) => c.args[0].input)).toEqual([
      { Limit: 100 },
      { Limit: 100, ExclusiveStartTableName: DELETED },
    ]);
  });

  it('no tables: no items (ListTables response example, DynamoDB API reference, with no names)', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: [] });
    expect(await dynamodbTables.collect(ctx)).toEqual({ items: [], resourceErrors: [] });
  });

  it('AccessDenied on DescribeContinuousBackups is unknown, never "PITR off"', async () => {
    stubRecording();
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: TABLE }).rejects(denied());
    const { items } = await dynamodbTables.collect(ctx);
    expect(items[0]?.supplementaryConfiguration).toEqual({});
    expect(items[0]?.unknown).toEqual({ ContinuousBackupsDescription: 'AccessDeniedException' });
  });

  it('a DescribeTable failure other than "not found" is a resource error; throttling propagates', async () => {
    stubRecording();
    dynamodb.on(DescribeTableCommand, { TableName: TABLE }).rejects(denied());
    expect((await dynamodbTables.collect(ctx)).resourceErrors).toEqual([
      { resource: TABLE, error: 'dynamodb:DescribeTable: AccessDeniedException: not authorized' },
    ]);
    dynamodb
      .on(DescribeContinuousBackupsCommand, { TableName: DELETED })
      .rejects(new PlaceboServiceError('ThrottlingException', 'Rate exceeded', 400, {}));
    await expect(dynamodbTables.collect(ctx)).rejects.toThrow('Rate exceeded');
  });

  it('a failing ListTables propagates', async () => {
    dynamodb.on(ListTablesCommand).rejects(denied());
    await expect(dynamodbTables.collect(ctx)).rejects.toThrow('not authorized');
  });

  it('readOne: the table as it is now, or undefined once it is gone', async () => {
    stubRecording();
    const ref = {
      resourceType: 'AWS::DynamoDB::Table',
      resourceId: TABLE,
      accountId: '644160558196',
      region: 'us-east-1',
    };
    expect((await dynamodbTables.readOne?.(ctx, ref))?.resourceId).toBe(TABLE);
    expect(await dynamodbTables.readOne?.(ctx, { ...ref, resourceId: DELETED })).toBeUndefined();
    dynamodb
      .on(DescribeTableCommand, { TableName: TABLE })
      .rejects(
        new PlaceboServiceError('ResourceNotFoundException', `Requested resource not found: Table: ${TABLE}`, 400, {}),
      );
    expect(await dynamodbTables.readOne?.(ctx, ref)).toBeUndefined();
  });
});
