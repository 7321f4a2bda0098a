/**
 * Resources of a local sweep: an AWS Config snapshot instead of the live collectors. An account
 * with no configuration item at all in the snapshot is unreachable, as an account whose role
 * cannot be assumed would be in AWS.
 */
import type { ResourceSource } from '../tasks/collect/collect';
import { AccountUnreachableError } from '../tasks/shared/errors';
import type { ConfigurationItem } from '../tasks/shared/model';

function snapshotSource(items: readonly ConfigurationItem[]): ResourceSource {
  const byAccount = new Map<string, ConfigurationItem[]>();
  for (const ci of items) {
    const list = byAccount.get(ci.accountId);
    if (list === undefined) byAccount.set(ci.accountId, [ci]);
    else list.push(ci);
  }
  return {
    collect: async (target) => {
      const all = byAccount.get(target.accountId);
      if (all === undefined) {
        throw new AccountUnreachableError(
          target.accountId,
          `the snapshot has no configuration items for account ${target.accountId}`,
        );
      }
      const regions = new Set(target.regions);
      return { items: all.filter((ci) => regions.has(ci.region)), regionErrors: [] };
    },
  };
}

/** The accounts and regions a snapshot covers, for a sweep run without an accounts file. */
function accountsInSnapshot(
  items: readonly ConfigurationItem[],
): { accountId: string; alias: string; regions: string[] }[] {
  const regions = new Map<string, Set<string>>();
  for (const ci of items) {
    const set = regions.get(ci.accountId) ?? new Set<string>();
    set.add(ci.region);
    regions.set(ci.accountId, set);
  }
  return [...regions.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, set]) => ({ accountId, alias: accountId, regions: [...set].sort() }));
}

export { accountsInSnapshot, snapshotSource };
