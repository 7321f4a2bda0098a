/** Helpers for testing a remediation's `apply` on its own: a live state, and senders that use mocked clients. */
import type {
  AwsClients,
  EvaluationContext,
  LiveState,
  ResourceReference,
  Rule,
  SendApiCall,
} from '../../tasks/rules/rule';
import { sendApiCall } from '../../tasks/shared/api-calls';
import type { ConfigurationItem } from '../../tasks/shared/model';

/** What the engine passes to `apply`: the item as read now, judged by the rule. */
function liveOf<P>(rule: Rule<P>, ci: ConfigurationItem, params: P, context?: EvaluationContext): LiveState {
  return {
    ref: refOf(ci),
    ci,
    ...(context === undefined ? {} : { context }),
    evaluation: rule.evaluate(ci, params, context),
  };
}

/** The resource reference the engine gives `readLive` and `apply`. */
function refOf(ci: ConfigurationItem): ResourceReference {
  const { accountId, region, resourceType, resourceId, arn } = ci;
  return { accountId, region, resourceType, resourceId, arn };
}

/** Sends through the executor with these (mocked) clients, as the engine's sender does. */
function sendWith(clients: AwsClients): SendApiCall {
  return (call) => sendApiCall(clients, call);
}

export { liveOf, refOf, sendWith };
