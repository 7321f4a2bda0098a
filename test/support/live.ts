/** Helpers for testing a remediation's `apply` on its own: a live state, and a sender that uses mocked clients. */
import type { AwsClients, EvaluationContext, LiveState, Rule, SendApiCall } from '../../tasks/rules/rule';
import { sendApiCall } from '../../tasks/shared/api-calls';
import type { ConfigurationItem } from '../../tasks/shared/model';

/** What the engine passes to `apply`: the item as read now, judged by the rule. */
function liveOf<P>(rule: Rule<P>, ci: ConfigurationItem, params: P, context?: EvaluationContext): LiveState {
  return { ci, ...(context === undefined ? {} : { context }), evaluation: rule.evaluate(ci, params, context) };
}

/** Sends through the executor with these (mocked) clients, as the engine's sender does. */
function sendWith(clients: AwsClients): SendApiCall {
  return (call) => sendApiCall(clients, call);
}

export { liveOf, sendWith };
