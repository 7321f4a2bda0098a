/**
 * The pure heart of both paths: configuration items against the active rules that cover their
 * type. The sweep evaluates a whole account's inventory (`evaluateResources`); the event path the
 * current state of the resources an event names (`evaluateBatch` with its own contexts). A rule that
 * throws yields an ERROR finding for that resource; nothing else is affected. Rules see the rest of
 * the batch (same account) through an evaluation context indexed once per batch.
 */
import { createEvaluationContexts } from '../rules/context';
import type { EvaluationContext } from '../rules/rule';
import type { ActiveRule } from '../rules/settings';
import { describeError, UnknownPropertyError } from '../shared/errors';
import { resolveIacOwner } from '../shared/iac-owner';
import { findingIdOf } from '../shared/ids';
import type { ConfigurationItem, Evaluation, Finding, IacHint, RuleCounts } from '../shared/model';
import { emptyCounts } from '../shared/model';
import { assertDeclaredPlan } from './plan-guard';
import { sweepRules } from './triggers';

interface EvaluationResult {
  /** Configuration items that at least one active rule covers. */
  readonly resourcesEvaluated: number;
  readonly counts: Record<string, RuleCounts>;
  /** NON_COMPLIANT and ERROR only; compliant and not-applicable results are only counted. */
  readonly findings: Finding[];
}

interface BatchOptions {
  /**
   * The context each item is judged in; `undefined` when it is not known (rules that need one say
   * so: ERROR). @default the contexts of the batch itself
   */
  readonly contextOf?: (ci: ConfigurationItem) => EvaluationContext | undefined;
  /** Set when no remediation may be planned for this batch: why (it goes into `planError`). */
  readonly noPlan?: string;
}

/** The sweep: a whole inventory against the rules the sweep triggers (`triggers.sweep`). */
function evaluateResources(items: readonly ConfigurationItem[], rules: readonly ActiveRule[]): EvaluationResult {
  const result = evaluateBatch(items, sweepRules(rules));
  // Every rule asked for is counted, even one the sweep does not trigger (all zero).
  return {
    ...result,
    counts: { ...Object.fromEntries(rules.map((a) => [a.rule.id, emptyCounts()])), ...result.counts },
  };
}

/** Every item against every given rule that covers its type. */
function evaluateBatch(
  items: readonly ConfigurationItem[],
  rules: readonly ActiveRule[],
  options: BatchOptions = {},
): EvaluationResult {
  const counts: Record<string, RuleCounts> = Object.fromEntries(rules.map((a) => [a.rule.id, emptyCounts()]));
  const byType = new Map<string, ActiveRule[]>();
  for (const active of rules) {
    for (const type of active.rule.resourceTypes) byType.set(type, [...(byType.get(type) ?? []), active]);
  }
  const findings: Finding[] = [];
  const contextOf = options.contextOf ?? createEvaluationContexts(items);
  let resourcesEvaluated = 0;
  for (const ci of items) {
    const applicable = byType.get(ci.resourceType);
    if (applicable === undefined) continue;
    resourcesEvaluated += 1;
    const context = contextOf(ci);
    for (const active of applicable) {
      const result = evaluateItem(ci, active, context, options.noPlan);
      (counts[active.rule.id] as RuleCounts)[result.status] += 1;
      if (result.status === 'NON_COMPLIANT' || result.status === 'ERROR') findings.push(result.finding);
    }
  }
  return { resourcesEvaluated, counts, findings };
}

type ItemResult =
  | { readonly status: 'COMPLIANT' | 'NOT_APPLICABLE' }
  | { readonly status: 'NON_COMPLIANT' | 'ERROR'; readonly finding: Finding };

/** One item against one rule: the finding, with the remediation plan when the rule has one. */
function evaluateItem(
  ci: ConfigurationItem,
  { rule, params }: ActiveRule,
  context: EvaluationContext | undefined,
  noPlan?: string,
): ItemResult {
  let evaluation: Evaluation;
  try {
    evaluation = rule.evaluate(ci, params, context);
  } catch (error) {
    const message =
      error instanceof UnknownPropertyError
        ? `could not evaluate: ${error.message}; the resource is neither compliant nor non-compliant until it can be read`
        : `rule failed: ${describeError(error)}`;
    return { status: 'ERROR', finding: resourceFinding(ci, rule.id, rule.severity, 'ERROR', message) };
  }
  if (evaluation.status !== 'NON_COMPLIANT') return { status: evaluation.status };

  let plan: Finding['plan'];
  let planError: string | undefined;
  if (rule.remediation !== undefined) {
    if (noPlan !== undefined) planError = noPlan;
    else {
      try {
        plan = rule.remediation.plan(ci, params, context);
        // A plan outside the rule's declared operations on this resource is a planError, never a plan.
        assertDeclaredPlan(rule.id, rule.remediation.operations, plan, { resourceId: ci.resourceId, ci });
      } catch (error) {
        plan = undefined;
        planError = describeError(error);
      }
    }
  }
  const iac = iacOf(ci, rule.iacHint.bind(rule), params);
  const finding: Finding = {
    ...resourceFinding(ci, rule.id, rule.severity, 'NON_COMPLIANT', evaluation.message),
    evidence: planError === undefined ? evaluation.evidence : { ...evaluation.evidence, planError },
    ...(plan !== undefined && plan.length > 0 ? { plan } : {}),
    ...(iac === undefined ? {} : { iac }),
  };
  return { status: 'NON_COMPLIANT', finding };
}

function iacOf(
  ci: ConfigurationItem,
  hint: (ci: ConfigurationItem, params: unknown) => Omit<IacHint, 'tool' | 'stack' | 'logicalId'>,
  params: unknown,
): IacHint | undefined {
  try {
    return { ...resolveIacOwner(ci.tags), ...hint(ci, params) };
  } catch {
    return undefined;
  }
}

/** A finding of `ruleId` about `ci`, before evidence, plan and IaC hint. */
function resourceFinding(
  ci: ConfigurationItem,
  ruleId: string,
  severity: Finding['severity'],
  status: Finding['status'],
  message: string,
): Finding {
  return {
    findingId: findingIdOf(ruleId, ci.arn),
    ruleId,
    severity,
    accountId: ci.accountId,
    region: ci.region,
    resourceType: ci.resourceType,
    resourceId: ci.resourceId,
    arn: ci.arn,
    status,
    message,
    tags: ci.tags,
  };
}

export type { BatchOptions, EvaluationResult, ItemResult };
export { evaluateBatch, evaluateItem, evaluateResources, resourceFinding };
