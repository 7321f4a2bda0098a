/**
 * What makes Warden run a rule: the one declaration of the trigger shape, for resource rules
 * (`tasks/rules/rule.ts`) and event rules (`tasks/rules/events/event-rule.ts`) alike. Which rules a
 * sweep or an event runs is derived from it in one place, `tasks/engine/triggers.ts`; the member
 * accounts forward the events it names (`infra/permissions.ts`).
 */

/** CloudTrail API calls (EventBridge `AWS API Call via CloudTrail`), by EventBridge source and event name. */
interface CloudTrailTrigger {
  /** The EventBridge source, e.g. `aws.s3`. */
  readonly source: string;
  readonly eventNames: readonly string[];
}

interface Triggers {
  /** Evaluate during scheduled sweeps. Resource rules only. */
  readonly sweep?: boolean;
  /** CloudTrail API calls that re-check the resource (resource rules) or that the rule reads (event rules). */
  readonly cloudTrail?: readonly CloudTrailTrigger[];
  /** Re-check on `Config Configuration Item Change` events of the rule's `resourceTypes`. Resource rules only. */
  readonly configChange?: boolean;
  /** `AWS Console Sign In via CloudTrail` events. Event rules only. */
  readonly signIn?: boolean;
  /** `Parameter Store Change` events. Event rules only. */
  readonly parameterStore?: boolean;
  /** Any CloudTrail API call whose event source and name are on the WatchList table. Event rules only. */
  readonly watchList?: boolean;
}

/** A resource rule's triggers: every resource rule says whether the sweep runs it. */
type ResourceRuleTriggers = Pick<Triggers, 'cloudTrail' | 'configChange'> & { readonly sweep: boolean };

/** An informational rule's triggers: events only (it evaluates an event, not a resource). */
type EventRuleTriggers = Pick<Triggers, 'cloudTrail' | 'signIn' | 'parameterStore' | 'watchList'>;

export type { CloudTrailTrigger, EventRuleTriggers, ResourceRuleTriggers, Triggers };
