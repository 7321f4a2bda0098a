/**
 * `Evaluate rules`: one invocation evaluates a whole account's inventory (hundreds of resources),
 * stores the findings and passes on only their reference and the counts.
 */
import { z } from 'zod';
import { evaluateResources } from '../engine/evaluate';
import { activeRules, selectRules } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import type { ConfigurationItem, RuleCounts } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { AccountTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

interface EvaluateDeps {
  readonly store: ObjectStore;
  readonly config: WardenConfig;
}

interface EvaluateOutput {
  readonly resourcesEvaluated: number;
  readonly counts: Record<string, RuleCounts>;
  readonly findingsRef: string;
  readonly findingCount: number;
}

const EvaluateInputSchema = z.object({
  target: AccountTargetSchema,
  sweep: SweepSchema,
  inventory: z.object({ ref: z.string().min(1) }),
});

function createEvaluate(deps: EvaluateDeps) {
  const rules = activeRules(deps.config);
  return async (event: unknown): Promise<EvaluateOutput> => {
    const { target, sweep, inventory } = parseInput(EvaluateInputSchema, event, 'Evaluate rules input');
    const items = await deps.store.getJson<ConfigurationItem[]>(inventory.ref);
    const result = evaluateResources(items, selectRules(rules, sweep.rules ?? undefined));
    const findingsRef = artifactKeys.findings(sweep.sweepId, target.accountId);
    await deps.store.putJson(findingsRef, result.findings);
    return {
      resourcesEvaluated: result.resourcesEvaluated,
      counts: result.counts,
      findingsRef,
      findingCount: result.findings.length,
    };
  };
}

export type { EvaluateDeps, EvaluateOutput };
export { createEvaluate };
