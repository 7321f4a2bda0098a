/**
 * The event rule registry: one line per informational rule. Adding one = adding its file and one
 * entry here. Resource rules live in `../index.ts`; ids are unique across both.
 */
import { consoleLoginFailure } from './console-login-failure';
import { dynamodbTableCreated } from './dynamodb-table-created';
import type { EventRule } from './event-rule';
import { ssmParameterChange } from './ssm-parameter-change';
import { vpcCreated } from './vpc-created';
import { watchedApiCall } from './watched-api-call';

const EVENT_RULES = [
  vpcCreated,
  consoleLoginFailure,
  ssmParameterChange,
  dynamodbTableCreated,
  watchedApiCall,
] as const satisfies readonly EventRule<unknown>[];

function eventRuleById(id: string): EventRule<unknown> | undefined {
  return (EVENT_RULES as readonly EventRule<unknown>[]).find((rule) => rule.id === id);
}

export { EVENT_RULES, eventRuleById };
