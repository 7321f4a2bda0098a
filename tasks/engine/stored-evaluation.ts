/**
 * What both paths' `Evaluate` states pass on: the findings stay with the execution's artifacts
 * (they can be many), the state carries their key and the counts.
 */
import type { RuleCounts } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import type { EvaluationResult } from './evaluate';

interface StoredEvaluation {
  readonly resourcesEvaluated: number;
  readonly counts: Record<string, RuleCounts>;
  readonly findingsRef: string;
  readonly findingCount: number;
}

/** Stores one account's findings of this execution and says where. */
async function storeEvaluation(
  store: ObjectStore,
  sweepId: string,
  accountId: string,
  result: EvaluationResult,
): Promise<StoredEvaluation> {
  const findingsRef = artifactKeys.findings(sweepId, accountId);
  await store.putJson(findingsRef, result.findings);
  return {
    resourcesEvaluated: result.resourcesEvaluated,
    counts: result.counts,
    findingsRef,
    findingCount: result.findings.length,
  };
}

export type { StoredEvaluation };
export { storeEvaluation };
