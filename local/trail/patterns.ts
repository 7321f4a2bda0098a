/**
 * The event patterns of the EventBridge rules that start the EventStateMachine, read out of the
 * synthesized central template (what `cdk deploy` creates, not a copy), so `warden trail` drops
 * exactly the records the deployed bus would drop. The watch-list rule's template pattern is a
 * placeholder its sync function rewrites from the WatchList table; locally it is rewritten the same
 * way (`watchListPattern`) from the watch list the run is given.
 */

import { isRecord } from '../../tasks/shared/events/json';
import { watchListPattern } from '../../tasks/sync-watch-list/sync-watch-list';
import type { Template } from '../extract';

/** `EventWorkflowS3ApiCalls8A6905CE` → `S3ApiCalls`: the construct id, without its path and hash. */
function ruleName(logicalId: string): string {
  return logicalId.replace(/^EventWorkflow/, '').replace(/[0-9A-F]{8}$/, '');
}

/** Whether `pattern` is the placeholder the watch-list rule is deployed with. */
function isWatchListPlaceholder(pattern: unknown): boolean {
  return JSON.stringify(pattern) === JSON.stringify(watchListPattern([]));
}

/**
 * The pattern of every rule of `template` with a target on the state machine `stateMachineLogicalId`,
 * by rule name; the watch-list placeholder is replaced by the pattern of `watchList`.
 */
function triggerPatterns(
  template: Template,
  stateMachineLogicalId: string,
  watchList: readonly Record<string, unknown>[] = [],
): Record<string, unknown> {
  const patterns: Record<string, unknown> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Events::Rule') continue;
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    const targets = Array.isArray(properties.Targets) ? properties.Targets : [];
    const startsMachine = targets.some((t) => isRecord(t) && isRecord(t.Arn) && t.Arn.Ref === stateMachineLogicalId);
    if (!startsMachine || properties.EventPattern === undefined) continue;
    const pattern = properties.EventPattern;
    patterns[ruleName(logicalId)] = isWatchListPlaceholder(pattern) ? watchListPattern(watchList) : pattern;
  }
  return patterns;
}

export { triggerPatterns };
