/**
 * `Evaluate`: the resource rules an event triggered, against the current state of the resources it
 * names (read by `Fetch current state`), with the related items as evaluation context. A rule that
 * throws, or a resource that could not be read, yields an ERROR finding: notified, never silent.
 * Each finding says what triggered the re-check (the call, who made it, when).
 */
import { z } from 'zod';
import { type EvaluationResult, evaluateBatch } from '../engine/evaluate';
import { type StoredEvaluation, storeEvaluation } from '../engine/stored-evaluation';
import { eventPathRules } from '../engine/triggers';
import { createEvaluationContexts } from '../rules/context';
import { type ActiveRule, activeRules } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import type { EventSummary, ResourceRef } from '../shared/events/event-model';
import { findingIdOf } from '../shared/ids';
import type { StoredCurrentState } from '../shared/inventory/resource-reader';
import type { Finding, RuleCounts } from '../shared/model';
import { emptyCounts } from '../shared/model';
import { normalizeCi } from '../shared/normalize-ci';
import type { ObjectStore } from '../shared/object-store';
import { EventTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

interface EvaluateEventDeps {
  readonly store: ObjectStore;
  readonly config: WardenConfig;
}

const EvaluateEventInputSchema = z.object({
  event: z.object({ eventId: z.string(), eventName: z.string(), detailType: z.string() }).passthrough(),
  sweep: SweepSchema.pick({ sweepId: true }),
  target: EventTargetSchema.pick({ accountId: true }),
  resource: z.object({ ruleIds: z.array(z.string()), refs: z.array(z.record(z.string(), z.unknown())) }),
  current: z.object({
    /** Absent when the current state could not be read at all (the account was unreachable). */
    ref: z.string().min(1).nullish(),
    error: z.string().optional(),
  }),
});

type EvaluateEventOutput = StoredEvaluation;

interface CurrentState {
  readonly state?: StoredCurrentState;
  /** Why nothing could be read (the whole fetch failed). */
  readonly unreadable?: string;
}

/** `(re-checked after DeleteBucketEncryption by role AdminRole (session x) at 2024-01-15T10:45:23Z)`. */
function triggerNote(event: Partial<EventSummary>): string {
  const by = event.originator?.display;
  const what = event.kind === 'CONFIG_CHANGE' ? 'a Config configuration change' : event.eventName;
  return `re-checked after ${what ?? 'an event'}${by === undefined ? '' : ` by ${by}`}${event.time === undefined ? '' : ` at ${event.time}`}`;
}

function arnOfRef(ref: ResourceRef): string {
  try {
    return normalizeCi({
      resourceType: ref.resourceType,
      resourceId: ref.resourceId ?? ref.resourceName,
      awsAccountId: ref.accountId,
      awsRegion: ref.region,
    }).arn;
  } catch {
    return `arn:aws:config:${ref.region}:${ref.accountId}:${ref.resourceType}/${ref.resourceId ?? ref.resourceName ?? 'unknown'}`;
  }
}

/**
 * Every triggered rule against every current item of its types (pure). Read errors and an
 * unreadable state become ERROR findings of the refs they concern. A rule that declares no event
 * trigger is not run, whatever the input names (`tasks/engine/triggers.ts`).
 */
function evaluateCurrentState(
  current: CurrentState,
  refs: readonly ResourceRef[],
  triggered: readonly ActiveRule[],
  event: Partial<EventSummary>,
): EvaluationResult {
  const rules = eventPathRules(triggered);
  const counts: Record<string, RuleCounts> = Object.fromEntries(rules.map((a) => [a.rule.id, emptyCounts()]));
  const findings: Finding[] = [];
  const note = triggerNote(event);
  const trigger = {
    eventId: event.eventId,
    eventName: event.eventName,
    ...(event.originator === undefined ? {} : { by: event.originator.display }),
    ...(event.time === undefined ? {} : { at: event.time }),
  };
  const errorFinding = (ref: ResourceRef, active: ActiveRule, why: string): Finding => {
    const arn = arnOfRef(ref);
    return {
      findingId: findingIdOf(active.rule.id, arn),
      ruleId: active.rule.id,
      severity: active.rule.severity,
      accountId: ref.accountId,
      region: ref.region,
      resourceType: ref.resourceType,
      resourceId: ref.resourceId ?? ref.resourceName ?? 'unknown',
      arn,
      status: 'ERROR',
      message: `could not read the current state: ${why}; ${note}`,
      evidence: { trigger },
      tags: {},
    };
  };
  const add = (active: ActiveRule, finding: Finding) => {
    (counts[active.rule.id] as RuleCounts)[finding.status] += 1;
    findings.push(finding);
  };

  if (current.state === undefined) {
    const why = current.unreadable ?? 'the current state was not read';
    for (const ref of refs) {
      for (const active of rules)
        if (active.rule.resourceTypes.includes(ref.resourceType)) add(active, errorFinding(ref, active, why));
    }
    return { resourcesEvaluated: 0, counts, findings };
  }

  const { items, related, errors, relatedUnknown, fromEvent } = current.state;
  const contexts = createEvaluationContexts([...items, ...related]);
  const evaluated = evaluateBatch(items, rules, {
    // A related type that could not be read: no context, so rules that need it say so (ERROR).
    contextOf: (ci) => (relatedUnknown.length > 0 ? undefined : contexts(ci)),
    // Never remediate on the event's copy: it may predate the resource's last change.
    ...(fromEvent === undefined
      ? {}
      : {
          noPlan: `not planned: evaluated on the copy of the item the event carried, not on a current read (${fromEvent}); Warden remediates only what it has read now`,
        }),
  });
  for (const [ruleId, ruleCounts] of Object.entries(evaluated.counts)) counts[ruleId] = { ...ruleCounts };
  for (const finding of evaluated.findings) {
    findings.push({
      ...finding,
      message: `${finding.message}; ${note}`,
      evidence: { ...finding.evidence, trigger },
    });
  }
  for (const error of errors) {
    if (error.ref === undefined) continue;
    const ref = error.ref;
    for (const active of rules)
      if (active.rule.resourceTypes.includes(ref.resourceType)) add(active, errorFinding(ref, active, error.error));
  }
  return { resourcesEvaluated: evaluated.resourcesEvaluated, counts, findings };
}

function createEvaluateEvent(deps: EvaluateEventDeps) {
  const active = activeRules(deps.config);
  return async (input: unknown): Promise<EvaluateEventOutput> => {
    const { event, sweep, target, resource, current } = parseInput(EvaluateEventInputSchema, input, 'Evaluate input');
    const wanted = new Set(resource.ruleIds);
    const rules = active.filter((a) => wanted.has(a.rule.id));
    const state: CurrentState =
      current.ref === null || current.ref === undefined
        ? { unreadable: current.error ?? 'the current state could not be read' }
        : { state: await deps.store.getJson<StoredCurrentState>(current.ref) };
    const result = evaluateCurrentState(
      state,
      resource.refs as unknown as ResourceRef[],
      rules,
      event as unknown as Partial<EventSummary>,
    );
    return storeEvaluation(deps.store, sweep.sweepId, target.accountId, result);
  };
}

export type { CurrentState, EvaluateEventDeps, EvaluateEventOutput };
export { createEvaluateEvent, evaluateCurrentState };
