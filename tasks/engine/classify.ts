/**
 * Which way a normalized event goes (pure): which resource rules re-check which resources, which
 * informational rules have something to say, or why it is ignored or rejected. Which rules an event
 * triggers is `./triggers.ts`; this adds the resources they re-check and the informational matches.
 */
import type { ActiveEventRule } from '../rules/events/settings';
import type { ActiveRule } from '../rules/settings';
import { describeError } from '../shared/errors';
import type { NormalizedEvent, ResourceRef, RuleMatch, WatchEntry } from '../shared/events/event-model';
import { resourceRefs } from '../shared/events/resource-refs';
import { RegionSchema } from '../shared/schemas';
import { eventRuleTriggered, resourceRulesFor } from './triggers';

type Route = 'REJECTED' | 'IGNORED' | 'RESOURCE' | 'NOTIFY';

interface Classification {
  readonly route: Route;
  readonly reason: string;
  /** The resource rules this event re-checks, and the resources it names. */
  readonly resource: { readonly ruleIds: string[]; readonly refs: ResourceRef[] };
  readonly matches: RuleMatch[];
}

const isRegion = (region: string) => RegionSchema.safeParse(region).success;

function evaluateEventRules(
  event: NormalizedEvent,
  rules: readonly ActiveEventRule[],
  watch: WatchEntry | undefined,
): { matches: RuleMatch[]; skipped: string[] } {
  const matches: RuleMatch[] = [];
  const skipped: string[] = [];
  for (const { rule, mode, params } of rules) {
    if (!eventRuleTriggered(rule.triggers, event, watch)) continue;
    try {
      const result = rule.evaluate(event, params, watch === undefined ? {} : { watch });
      if (!result.matched) {
        skipped.push(result.reason);
        continue;
      }
      matches.push({
        ruleId: rule.id,
        title: rule.title,
        severity: result.severity ?? rule.severity,
        mode,
        summary: result.summary,
        message: result.message,
        subject: result.subject,
        details: result.details ?? {},
        dedupeKey: result.dedupeKey,
      });
    } catch (error) {
      // A rule that throws must not silence the event: operators hear about it, with why.
      matches.push({
        ruleId: rule.id,
        title: rule.title,
        severity: rule.severity,
        mode,
        summary: `${rule.id} could not evaluate ${event.eventName || event.detailType}`,
        message: `Rule ${rule.id} failed on this event: ${describeError(error)}`,
        subject: {
          type: 'Event',
          id: event.eventId,
          arn: `arn:aws:events:${event.region}:${event.accountId}:event/${event.eventId}`,
        },
        details: {},
        dedupeKey: `error/${event.eventId}`,
      });
    }
  }
  return { matches, skipped };
}

function describeEvent(event: NormalizedEvent): string {
  if (event.kind === 'CONFIG_CHANGE') return `a Config change of ${event.configChange?.resourceType ?? 'a resource'}`;
  if (event.kind === 'PARAMETER_CHANGE') return `a Parameter Store ${event.eventName}`;
  return `${event.eventSource} ${event.eventName}`;
}

/** Decides the route of a normalized event. Pure; never throws. */
function classify(
  event: NormalizedEvent,
  resourceRules: readonly ActiveRule[],
  eventRules: readonly ActiveEventRule[],
  watch: WatchEntry | undefined,
): Classification {
  const { matches, skipped } = evaluateEventRules(event, eventRules, watch);
  const rules = resourceRulesFor(event, resourceRules);
  const none = { ruleIds: [], refs: [] };
  const notifyOnly = (why: string): Classification =>
    matches.length > 0
      ? {
          route: 'NOTIFY',
          reason: `${matches.map((m) => m.ruleId).join(', ')} matched${why === '' ? '' : `; ${why}`}`,
          resource: none,
          matches,
        }
      : { route: 'REJECTED', reason: why, resource: none, matches };

  if (rules.length === 0) {
    if (matches.length > 0) return notifyOnly('');
    const reason =
      skipped.length > 0
        ? skipped.join('; ')
        : event.kind === 'CONFIG_CHANGE'
          ? `no Warden rule evaluates ${event.configChange?.resourceType ?? 'this resource type'} on configuration changes`
          : `no Warden rule reacts to ${describeEvent(event)}`;
    return { route: 'IGNORED', reason, resource: none, matches };
  }

  const ruleIds = rules.map((a) => a.rule.id);
  if (!isRegion(event.region)) {
    return notifyOnly(
      `${ruleIds.join(', ')} cannot re-check the resource: the event's region "${event.region}" is not an AWS region name`,
    );
  }

  let refs: ResourceRef[];
  let note = '';
  if (event.kind === 'CONFIG_CHANGE' && event.configChange !== undefined) {
    refs = [
      {
        resourceType: event.configChange.resourceType,
        resourceId: event.configChange.resourceId,
        accountId: event.accountId,
        region: event.region,
      },
    ];
  } else {
    const types = [...new Set(rules.flatMap((a) => a.rule.resourceTypes))];
    const found = resourceRefs(event, types);
    refs = found.refs;
    if (refs.length === 0) {
      const why = event.request === null ? ' (requestParameters is null)' : '';
      return notifyOnly(
        `${event.eventName} names no ${types.join(' or ')} that ${ruleIds.join(', ')} could re-check${why}`,
      );
    }
    if (found.truncated) note = ` (only the first ${refs.length} are re-checked)`;
  }
  const invalid = refs.find((r) => !isRegion(r.region));
  if (invalid !== undefined) {
    return notifyOnly(`the resource's region "${invalid.region}" is not an AWS region name`);
  }
  const what = refs.map((r) => `${r.resourceType} ${r.resourceId ?? r.resourceName ?? '?'}`).join(', ');
  return {
    route: 'RESOURCE',
    reason: `${ruleIds.join(', ')} re-check${ruleIds.length === 1 ? 's' : ''} ${what}${note}${matches.length > 0 ? `; ${matches.map((m) => m.ruleId).join(', ')} matched` : ''}`,
    resource: { ruleIds, refs },
    matches,
  };
}

export type { Classification, Route };
export { classify, evaluateEventRules };
