/**
 * `Resolve targets` hands the target list to `For each account`, and the invalid items to `Summarize`,
 * through S3, whatever their size.
 */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { type ResolveTargetsOutput, storingTargets } from '../../../tasks/resolve-targets/resolve-targets';
import { SWEEP, TARGET } from '../../support/sweep-fixtures';

describe('storingTargets', () => {
  it('stores the lists as JSON arrays (the targets: what the ItemReader reads) and passes on their keys and sizes only', async () => {
    const store = new MemoryObjectStore();
    const targets = Array.from({ length: 5000 }, (_, i) => ({ ...TARGET, accountId: String(100000000000 + i) }));
    const invalidTargets = Array.from({ length: 5000 }, (_, i) => ({
      accountId: String(900000000000 + i),
      alias: '',
      error: 'invalid Accounts item: alias: Too small: expected string to have >=1 characters',
    }));
    const exemptionProblems = Array.from({ length: 5000 }, (_, i) => ({
      exemptionId: `ex-${i}`,
      problem: 'approvedBy: required, non-empty',
    }));
    const resolved: ResolveTargetsOutput = { sweep: SWEEP, targets, invalidTargets, exemptionProblems };
    const out = await storingTargets(store, async () => resolved)({});
    expect(out).toEqual({
      sweep: SWEEP,
      targetsRef: `targets/${SWEEP.sweepId}.json`,
      targetCount: 5000,
      invalidTargetsRef: `invalid-items/${SWEEP.sweepId}/accounts.json`,
      invalidTargetCount: 5000,
      exemptionProblemsRef: `invalid-items/${SWEEP.sweepId}/exemptions.json`,
      exemptionProblemCount: 5000,
    });
    expect(await store.getJson(out.targetsRef)).toEqual(targets);
    expect(await store.getJson(out.invalidTargetsRef)).toEqual(invalidTargets);
    expect(await store.getJson(out.exemptionProblemsRef)).toEqual(exemptionProblems);
    expect(JSON.stringify(out).length).toBeLessThan(1000);
  });
});
