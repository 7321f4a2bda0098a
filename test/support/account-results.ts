/**
 * What Summarize reads, as the sweep's states leave it in the artifacts bucket. Account results as the sweep's `For each account` (a Distributed Map) exports them with its
 * ResultWriter (`Transformation: NONE`, JSON): a manifest listing result files by status, each file
 * the child executions with their `Input`/`Output` as JSON strings. Returns the Map state's output.
 */
import { artifactKeys, type ObjectStore } from '../../tasks/shared/object-store';

interface FailedChild {
  readonly input: unknown;
  readonly status: 'FAILED' | 'TIMED_OUT' | 'ABORTED';
}

async function exportAccountResults(
  store: ObjectStore,
  outputs: readonly unknown[],
  failed: readonly FailedChild[] = [],
): Promise<{ ResultWriterDetails: { Bucket: string; Key: string } }> {
  const succeededKey = 'account-results/run/SUCCEEDED_0.json';
  const failedKey = 'account-results/run/FAILED_0.json';
  await store.putJson(
    succeededKey,
    outputs.map((output) => ({ Output: JSON.stringify(output), Status: 'SUCCEEDED' })),
  );
  await store.putJson(
    failedKey,
    failed.map((child) => ({ Input: JSON.stringify(child.input), Status: child.status })),
  );
  await store.putJson('account-results/run/manifest.json', {
    ResultFiles: { SUCCEEDED: [{ Key: succeededKey }], FAILED: failed.length > 0 ? [{ Key: failedKey }] : [] },
  });
  return { ResultWriterDetails: { Bucket: 'artifacts', Key: 'account-results/run/manifest.json' } };
}

/** What `Resolve targets` stores for Summarize: the invalid Accounts items and the exemption problems. */
async function storeInvalidItems(
  store: ObjectStore,
  sweepId: string,
  invalidTargets: unknown[] = [],
  exemptionProblems: unknown[] = [],
): Promise<{ invalidTargetsRef: string; exemptionProblemsRef: string }> {
  const refs = {
    invalidTargetsRef: artifactKeys.invalidTargets(sweepId),
    exemptionProblemsRef: artifactKeys.exemptionProblems(sweepId),
  };
  await store.putJson(refs.invalidTargetsRef, invalidTargets);
  await store.putJson(refs.exemptionProblemsRef, exemptionProblems);
  return refs;
}

export { exportAccountResults, storeInvalidItems };
