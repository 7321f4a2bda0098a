/**
 * `Evaluate rules`: one invocation evaluates a whole account's inventory (hundreds of resources)
 * against the rules the sweep runs (`tasks/engine/evaluate.ts`), stores the findings and passes on
 * only their reference and the counts.
 */
import { z } from 'zod';
import { evaluateResources } from '../engine/evaluate';
import { type StoredEvaluation, storeEvaluation } from '../engine/stored-evaluation';
import { activeRules, selectRules } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import type { ConfigurationItem } from '../shared/model';
import type { ObjectStore } from '../shared/object-store';
import { AccountTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

interface EvaluateDeps {
  readonly store: ObjectStore;
  readonly config: WardenConfig;
}

type EvaluateOutput = StoredEvaluation;

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
    return storeEvaluation(deps.store, sweep.sweepId, target.accountId, result);
  };
}

export type { EvaluateDeps, EvaluateOutput };
export { createEvaluate };
