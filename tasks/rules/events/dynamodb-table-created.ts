/**
 * dynamodb-table-created: tells the data owners whenever a DynamoDB table is created (DESIGN §5:
 * always, notify), naming the table and who created it.
 */
import { z } from 'zod';
import { textAt } from '../../shared/events/json';
import { callerDetails, defineEventRule, noMatch, partitionOf } from './event-rule';

const parameters = z.object({}).strict();
type DynamodbTableCreatedParams = z.infer<typeof parameters>;

const dynamodbTableCreated = defineEventRule<DynamodbTableCreatedParams>({
  id: 'dynamodb-table-created',
  title: 'A DynamoDB table was created',
  severity: 'LOW',
  controls: [],
  controlsNote:
    'No FSBP or CIS control: an informational notice of the seed scenarios (CreateTable, naming who made the call).',
  rationale:
    'New tables are new data stores that need an owner, backups and a retention decision; knowing when one appears, and who created it, keeps the data inventory complete.',
  triggers: { cloudTrail: [{ source: 'aws.dynamodb', eventNames: ['CreateTable'] }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (
      event.kind !== 'API_CALL' ||
      event.eventName !== 'CreateTable' ||
      event.eventSource !== 'dynamodb.amazonaws.com'
    ) {
      return noMatch(`dynamodb-table-created: ${event.eventName || event.detailType} does not create a DynamoDB table`);
    }
    const table =
      textAt(event.response, 'tableDescription', 'tableName') ?? textAt(event.request, 'tableName') ?? '(unnamed)';
    const arn =
      textAt(event.response, 'tableDescription', 'tableArn') ??
      `arn:${partitionOf(event.region)}:dynamodb:${event.region}:${event.accountId}:table/${table}`;
    const billing =
      textAt(event.request, 'billingMode') ??
      textAt(event.response, 'tableDescription', 'billingModeSummary', 'billingMode');
    const by = event.originator?.display ?? 'an unknown caller';
    return {
      matched: true,
      summary: `table ${table} created by ${by}`,
      message: `DynamoDB table ${table} was created in ${event.region} by ${by}.`,
      subject: { type: 'AWS::DynamoDB::Table', id: table, arn },
      details: {
        Table: table,
        'Table ARN': arn,
        ...(billing === undefined ? {} : { Billing: billing }),
        ...callerDetails(event),
      },
      dedupeKey: arn,
    };
  },
});

export { type DynamodbTableCreatedParams, dynamodbTableCreated };
