/**
 * The exemptions of one account (its own partition of the Exemptions table and the `*` one), for
 * the event path. Items that fail validation never match. If the table cannot be read, the caller
 * gets the error and notifies instead of acting (DESIGN §4.2).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KNOWN_RULE_IDS } from '../rules/settings';
import { queryAll } from '../shared/dynamo';
import { describeError } from '../shared/errors';
import { type Exemption, parseExemption } from '../shared/exemptions';
import { isThrottlingError } from '../shared/throttling';

async function loadAccountExemptions(
  ddb: DynamoDBDocumentClient,
  table: string,
  accountId: string,
): Promise<{ exemptions?: Exemption[]; error?: string }> {
  try {
    const query = (a: string) =>
      queryAll(ddb, {
        TableName: table,
        KeyConditionExpression: 'accountId = :a',
        ExpressionAttributeValues: { ':a': a },
        ConsistentRead: true,
      });
    const items = [...(await query(accountId)), ...(await query('*'))];
    const exemptions: Exemption[] = [];
    for (const item of items) {
      const parsed = parseExemption(item, KNOWN_RULE_IDS);
      if (parsed.ok) exemptions.push(parsed.exemption);
    }
    return { exemptions };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { error: describeError(error) };
  }
}

export { KNOWN_RULE_IDS, loadAccountExemptions };
