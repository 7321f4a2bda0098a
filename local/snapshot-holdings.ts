/**
 * What an offline sweep needs of its snapshot, without holding the snapshot: how many distinct
 * resources each account-region holds (for the accounts' default regions and the `notSwept`
 * counts), and a way to read one account's items when its `Collect resources` runs. Two
 * implementations: items already in memory (`holdingsOf`, tests and `--live` replays), and the
 * streamed file index (`snapshot-index.ts`), which reads an account's files only when asked and
 * keeps nothing after.
 */
import { GLOBAL_REGION } from '../tasks/shared/inventory/collector';
import type { ConfigurationItem } from '../tasks/shared/model';

/** Account id → region → how many distinct resources the snapshot holds there. */
type HeldCounts = ReadonlyMap<string, ReadonlyMap<string, number>>;

interface SnapshotHoldings {
  readonly counts: HeldCounts;
  /**
   * The account's items in `regions`, and its items of global services (region `global`) when
   * `regions` is not empty, sorted by resource key.
   */
  readonly read: (accountId: string, regions: readonly string[]) => Promise<ConfigurationItem[]>;
}

/** Whether an item of `region` is swept with an account swept in `regions`. */
function sweptIn(region: string, regions: ReadonlySet<string>): boolean {
  return regions.has(region) || (region === GLOBAL_REGION && regions.size > 0);
}

function countsOf(items: readonly ConfigurationItem[]): HeldCounts {
  const counts = new Map<string, Map<string, number>>();
  for (const ci of items) {
    const regions = counts.get(ci.accountId) ?? new Map<string, number>();
    regions.set(ci.region, (regions.get(ci.region) ?? 0) + 1);
    counts.set(ci.accountId, regions);
  }
  return counts;
}

/** Holdings of items already read (one item per resource, as `readSnapshot` gives them). */
function holdingsOf(items: readonly ConfigurationItem[]): SnapshotHoldings {
  const byAccount = new Map<string, ConfigurationItem[]>();
  for (const ci of items) {
    const list = byAccount.get(ci.accountId);
    if (list === undefined) byAccount.set(ci.accountId, [ci]);
    else list.push(ci);
  }
  return {
    counts: countsOf(items),
    read: async (accountId, regions) => {
      const wanted = new Set(regions);
      return (byAccount.get(accountId) ?? []).filter((ci) => sweptIn(ci.region, wanted));
    },
  };
}

export type { HeldCounts, SnapshotHoldings };
export { holdingsOf, sweptIn };
