/**
 * Which rules run, from their declared triggers (`tasks/shared/triggers.ts`): the one place both
 * paths select rules. A sweep runs the rules whose triggers say `sweep`; an event re-checks with the
 * resource rules whose CloudTrail calls or Config changes name it, and reads with the informational
 * rules whose triggers name its kind. A rule that declares no event trigger is never run by the
 * event path, whatever a state's input names, as the sweep never runs a rule without `sweep`.
 */
import type { ActiveRule } from '../rules/settings';
import { sourceFromEventSource } from '../shared/events/envelope';
import type { NormalizedEvent, WatchEntry } from '../shared/events/event-model';
import type { Triggers } from '../shared/triggers';

/** What trigger selection reads of a rule: its triggers and, for Config changes, its resource types. */
interface Triggered {
  readonly rule: { readonly triggers: Triggers; readonly resourceTypes?: readonly string[] };
}

/** The rules a scheduled sweep runs. */
function sweepRules<R extends Triggered>(rules: readonly R[]): R[] {
  return rules.filter((a) => a.rule.triggers.sweep === true);
}

/** The resource rules the event path may run: those with an event trigger (a CloudTrail call, a Config change). */
function eventPathRules<R extends Triggered>(rules: readonly R[]): R[] {
  return rules.filter((a) => (a.rule.triggers.cloudTrail ?? []).length > 0 || a.rule.triggers.configChange === true);
}

/** Whether `triggers` name this CloudTrail API call (by EventBridge source, or by the event source it maps to). */
function namesApiCall(
  triggers: Triggers,
  event: Pick<NormalizedEvent, 'source' | 'eventSource' | 'eventName'>,
): boolean {
  const sources = new Set([event.source, sourceFromEventSource(event.eventSource)]);
  return (triggers.cloudTrail ?? []).some((t) => sources.has(t.source) && t.eventNames.includes(event.eventName));
}

/** The resource rules an event re-checks: an API call their CloudTrail triggers name, or a Config change of their type. */
function resourceRulesFor(event: NormalizedEvent, rules: readonly ActiveRule[]): ActiveRule[] {
  if (event.kind === 'API_CALL') return rules.filter((a) => namesApiCall(a.rule.triggers, event));
  if (event.kind === 'CONFIG_CHANGE' && event.configChange !== undefined) {
    const type = event.configChange.resourceType;
    return rules.filter((a) => a.rule.triggers.configChange === true && a.rule.resourceTypes.includes(type));
  }
  return [];
}

/** Whether an informational rule with these triggers reads this event (a watched call needs its WatchList entry). */
function eventRuleTriggered(t: Triggers, event: NormalizedEvent, watch: WatchEntry | undefined): boolean {
  if (event.kind === 'SIGN_IN') return t.signIn === true;
  if (event.kind === 'PARAMETER_CHANGE') return t.parameterStore === true;
  if (event.kind !== 'API_CALL') return false;
  if (t.watchList === true && watch !== undefined) return true;
  return namesApiCall(t, event);
}

export type { Triggered };
export { eventPathRules, eventRuleTriggered, resourceRulesFor, sweepRules };
