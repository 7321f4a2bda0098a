/**
 * The pure heart of a sweep: every configuration item against every active rule that covers its
 * type. A rule that throws yields an ERROR finding for that resource; nothing else is affected.
 * Rules see the rest of the batch (same account) through an evaluation context indexed once per batch.
 */
import { createEvaluationContexts } from '../rules/context';
import type { EvaluationContext } from '../rules/rule';
import type { ActiveRule } from '../rules/settings';
import { describeError, UnknownPropertyError } from '../shared/errors';
import { resolveIacOwner } from '../shared/iac-owner';
import { findingIdOf } from '../shared/ids';
import type { ConfigurationItem, Evaluation, Finding, IacHint, RuleCounts } from '../shared/model';
import { emptyCounts } from '../shared/model';

interface EvaluationResult {
  /** Configuration items that at least one active rule covers. */
  readonly resourcesEvaluated: number;
  readonly counts: Record<string, RuleCounts>;
  /** NON_COMPLIANT and ERROR only; compliant and not-applicable results are only counted. */
  readonly findings: Finding[];
}

function evaluateResources(items: readonly ConfigurationItem[], rules: readonly ActiveRule[]): EvaluationResult {
  const counts: Record<string, RuleCounts> = {};
  for (const { rule } of rules) counts[rule.id] = emptyCounts();
  const byType = new Map<string, ActiveRule[]>();
  for (const active of rules) {
    if (!active.rule.triggers.sweep) continue;
    for (const type of active.rule.resourceTypes) byType.set(type, [...(byType.get(type) ?? []), active]);
  }

  const findings: Finding[] = [];
  const contextOf = createEvaluationContexts(items);
  let resourcesEvaluated = 0;
  for (const ci of items) {
    const applicable = byType.get(ci.resourceType);
    if (applicable === undefined) continue;
    resourcesEvaluated += 1;
    const context = contextOf(ci);
    for (const active of applicable) {
      const finding = evaluateOne(ci, active, context);
      const ruleCounts = counts[active.rule.id] as RuleCounts;
      ruleCounts[finding.status] += 1;
      if (finding.status === 'NON_COMPLIANT' || finding.status === 'ERROR') findings.push(finding.finding);
    }
  }
  return { resourcesEvaluated, counts, findings };
}

type OneResult = { status: 'COMPLIANT' | 'NOT_APPLICABLE' } | { status: 'NON_COMPLIANT' | 'ERROR'; finding: Finding };

function evaluateOne(ci: ConfigurationItem, { rule, params }: ActiveRule, context: EvaluationContext): OneResult {
  let evaluation: Evaluation;
  try {
    evaluation = rule.evaluate(ci, params, context);
  } catch (error) {
    const message =
      error instanceof UnknownPropertyError
        ? `could not evaluate: ${error.message}; the resource is neither compliant nor non-compliant until it can be read`
        : `rule failed: ${describeError(error)}`;
    return { status: 'ERROR', finding: baseFinding(ci, rule.id, rule.severity, 'ERROR', message) };
  }
  if (evaluation.status !== 'NON_COMPLIANT') return { status: evaluation.status };

  let plan: Finding['plan'];
  let planError: string | undefined;
  if (rule.remediation !== undefined) {
    try {
      plan = rule.remediation.plan(ci, params, context);
    } catch (error) {
      planError = describeError(error);
    }
  }
  const finding: Finding = {
    ...baseFinding(ci, rule.id, rule.severity, 'NON_COMPLIANT', evaluation.message),
    evidence: planError === undefined ? evaluation.evidence : { ...evaluation.evidence, planError },
    ...(plan !== undefined && plan.length > 0 ? { plan } : {}),
    iac: iacOf(ci, rule.iacHint.bind(rule), params),
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

function baseFinding(
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

export type { EvaluationResult };
export { evaluateResources };
