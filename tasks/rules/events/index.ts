/**
 * The event rule registry: one line per informational rule. Adding one = adding its file and one
 * entry here. Resource rules live in `../index.ts`; ids are unique across both.
 */
import { cloudtrailLoggingStopped } from './cloudtrail-logging-stopped';
import { configRecorderStopped } from './config-recorder-stopped';
import { consoleLoginFailure } from './console-login-failure';
import { dynamodbTableCreated } from './dynamodb-table-created';
import { ec2SpotRequestChanged } from './ec2-spot-request-changed';
import type { EventRule } from './event-rule';
import { guarddutyDetectorDeleted } from './guardduty-detector-deleted';
import { iamRootAccessKeyCreated } from './iam-root-access-key-created';
import { rootSignIn } from './root-sign-in';
import { ssmParameterChange } from './ssm-parameter-change';
import { vpcCreated } from './vpc-created';
import { watchedApiCall } from './watched-api-call';

const EVENT_RULES = [
  vpcCreated,
  consoleLoginFailure,
  ssmParameterChange,
  dynamodbTableCreated,
  watchedApiCall,
  ec2SpotRequestChanged,
  rootSignIn,
  iamRootAccessKeyCreated,
  cloudtrailLoggingStopped,
  guarddutyDetectorDeleted,
  configRecorderStopped,
] as const satisfies readonly EventRule<unknown>[];

function eventRuleById(id: string): EventRule<unknown> | undefined {
  return (EVENT_RULES as readonly EventRule<unknown>[]).find((rule) => rule.id === id);
}

export { EVENT_RULES, eventRuleById };
