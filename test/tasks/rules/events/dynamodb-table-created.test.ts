import { describe, expect, it } from 'vitest';
import { dynamodbTableCreated } from '../../../../tasks/rules/events/dynamodb-table-created';
import { normalizedCorpus } from '../../../support/normalized-events';

describe('dynamodb-table-created', () => {
  it('names the table (ARN from the response) and who created it', () => {
    const r = dynamodbTableCreated.evaluate(normalizedCorpus('awsdocs/dynamodb-createtable-cloudtrail.json'), {}, {});
    expect(r).toMatchObject({
      matched: true,
      summary: 'table Music created by role bob (session bob)',
      subject: {
        type: 'AWS::DynamoDB::Table',
        id: 'Music',
        arn: 'arn:aws:dynamodb:us-west-2:111122223333:table/Music',
      },
    });
  });

  it('other calls do not match', () => {
    const r = dynamodbTableCreated.evaluate(
      normalizedCorpus('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'),
      {},
      {},
    );
    expect(r.matched).toBe(false);
  });
});
