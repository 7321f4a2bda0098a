/** `Resolve targets` hands the target list to `For each account` through S3, whatever its size. */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { type ResolveTargetsOutput, storingTargets } from '../../../tasks/resolve-targets/resolve-targets';
import { SWEEP, TARGET } from '../../support/sweep-fixtures';

describe('storingTargets', () => {
  it('stores the list as a JSON array (what the ItemReader reads) and passes on its key and size only', async () => {
    const store = new MemoryObjectStore();
    const targets = Array.from({ length: 5000 }, (_, i) => ({ ...TARGET, accountId: String(100000000000 + i) }));
    const resolved: ResolveTargetsOutput = { sweep: SWEEP, targets, invalidTargets: [], exemptionProblems: [] };
    const out = await storingTargets(store, async () => resolved)({});
    expect(out).toEqual({
      sweep: SWEEP,
      targetsRef: `targets/${SWEEP.sweepId}.json`,
      targetCount: 5000,
      invalidTargets: [],
      exemptionProblems: [],
    });
    expect(await store.getJson(out.targetsRef)).toEqual(targets);
    expect(JSON.stringify(out).length).toBeLessThan(1000);
  });
});
