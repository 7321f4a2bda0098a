/**
 * The exemptions of one account (its own partition of the Exemptions table and the `*` one), for
 * the sweep and the event path alike: read once per batch by the engine (`tasks/engine/decide.ts`,
 * its one caller). Items that fail validation or break the exemption policy never match; the scope
 * they were meant for comes back as `unhonoured`, so a finding inside it is notified rather than
 * remediated. If the table cannot be read, the caller gets the error and notifies instead of acting
 * (DESIGN §4.2).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './dynamo';
import { describeError } from './errors';
import { sortExemptions } from './exemption-policy';
import type { Exemption, UnhonouredExemption } from './exemptions';
import { isThrottlingError } from './throttling';

async function loadAccountExemptions(
  ddb: DynamoDBDocumentClient,
  table: string,
  accountId: string,
  now: Date,
  /** Rule ids an item may name (`tasks/rules/settings.ts` KNOWN_RULE_IDS); any other is invalid. */
  knownRuleIds: ReadonlySet<string>,
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
    const { exemptions, unhonoured } = sortExemptions(items, knownRuleIds, now);
    return { exemptions, unhonoured };
  } catch (error) {
    // Throttling is transient: the state's Retry backs off and reads again. Anything else (table
    // missing, access denied, KMS) is not going to heal within a retry: the caller decides NOTIFY.
    if (isThrottlingError(error)) throw error;
    return { error: describeError(error) };
  }
}

export { loadAccountExemptions };
