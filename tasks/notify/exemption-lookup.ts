/**
 * The exemptions of one account (its own partition of the Exemptions table and the `*` one), for
 * the event path. Items that fail validation or break the exemption policy never match; the scope
 * they were meant for comes back as `unhonoured`, so a finding inside it is notified rather than
 * remediated. If the table cannot be read, the caller gets the error and notifies instead of acting
 * (DESIGN §4.2).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KNOWN_RULE_IDS } from '../rules/settings';
import { queryAll } from '../shared/dynamo';
import { describeError } from '../shared/errors';
import { sortExemptions } from '../shared/exemption-policy';
import type { Exemption, UnhonouredExemption } from '../shared/exemptions';
import { isThrottlingError } from '../shared/throttling';

async function loadAccountExemptions(
  ddb: DynamoDBDocumentClient,
  table: string,
  accountId: string,
  now: Date,
): Promise<{ exemptions?: Exemption[]; unhonoured?: UnhonouredExemption[]; error?: string }> {
  try {
    const query = (a: string) =>
      queryAll(ddb, {
        TableName: table,
        KeyConditionExpression: 'accountId = :a',
        ExpressionAttributeValues: { ':a': a },
        ConsistentRead: true,
      });
    const items = [...(await query(accountId)), ...(await query('*'))];
    const { exemptions, unhonoured } = sortExemptions(items, KNOWN_RULE_IDS, now);
    return { exemptions, unhonoured };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { error: describeError(error) };
  }
}

export { KNOWN_RULE_IDS, loadAccountExemptions };
