/**
 * Resources of a local sweep: an AWS Config snapshot instead of the live collectors. An account
 * with no configuration item at all in the snapshot is unreachable, as an account whose role
 * cannot be assumed would be in AWS. Offline, an account listed without `regions` is swept in
 * every region the snapshot holds for it (DESIGN §4.5), and every item of the snapshot that no
 * account-region sweep read is counted, with why (`notSwept`). Items of global services (IAM,
 * recorded with region `global`) belong to the account, whatever regions it is swept in.
 */

import { AccountUnreachableError } from '../tasks/shared/errors';
import { GLOBAL_REGION } from '../tasks/shared/inventory/collector';
import type { ResourceSource } from '../tasks/shared/inventory/source';
import type { NotSwept, RejectedItem, Report } from '../tasks/shared/report';
import { type HeldCounts, type SnapshotHoldings, sweptIn } from './snapshot-holdings';

/**
 * `onCollect` sees each account-region list `Collect resources` read (retries included), so the
 * runner can tell afterwards what was swept. The account's items are read only then (from the
 * files, for a streamed snapshot), and the source keeps none of them.
 */
function snapshotSource(
  snapshot: SnapshotHoldings,
  onCollect?: (accountId: string, regions: readonly string[]) => void,
): ResourceSource {
  return {
    collect: async (target) => {
      if (!snapshot.counts.has(target.accountId)) {
        throw new AccountUnreachableError(
          target.accountId,
          `the snapshot has no configuration items for account ${target.accountId}`,
        );
      }
      onCollect?.(target.accountId, target.regions);
      return { items: await snapshot.read(target.accountId, target.regions), regionErrors: [] };
    },
  };
}

/** The accounts and regions a snapshot covers, for a sweep run without an accounts file. */
function accountsInSnapshot(counts: HeldCounts): { accountId: string; alias: string; regions: string[] }[] {
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, regions]) => ({
      accountId,
      alias: accountId,
      regions: [...regions.keys()].filter((r) => r !== GLOBAL_REGION).sort(),
    }));
}

/**
 * The `Accounts` items of an offline sweep: an item without `regions` gets every region the
 * snapshot holds for its account (an account with no data keeps none, and is reported unreachable).
 */
function withSnapshotRegions(
  accounts: readonly Record<string, unknown>[],
  counts: HeldCounts,
): Record<string, unknown>[] {
  const held = new Map(accountsInSnapshot(counts).map((a) => [a.accountId, a.regions]));
  return accounts.map((account) => {
    const regions = typeof account.accountId === 'string' ? held.get(account.accountId) : undefined;
    return account.regions === undefined && regions !== undefined ? { ...account, regions } : { ...account };
  });
}

interface SweptInput {
  /** How many distinct resources the input holds, by account and region. */
  readonly held: HeldCounts;
  /** The items of the input that could not be read (each counted as not swept). */
  readonly rejected: readonly RejectedItem[];
  /** The `Accounts` items the sweep was given. */
  readonly listed: readonly Record<string, unknown>[];
  /** The regions `Collect resources` read, by account. */
  readonly collected: ReadonlyMap<string, readonly string[]>;
  /** The report's accounts: an account collected but not `OK` was not swept. */
  readonly accounts: Report['accounts'];
}

/** Why nothing of `accountId` was swept when `Collect resources` never read it. */
function notCollectedReason(accountId: string, input: SweptInput): string {
  const listed = input.listed.find((a) => a.accountId === accountId);
  if (listed === undefined) return 'account not in the accounts list';
  if (listed.enabled === false) return 'account disabled in the accounts list';
  const account = input.accounts.find((a) => a.accountId === accountId);
  if (account !== undefined && account.status !== 'OK') return `account ${account.status}: ${account.error ?? ''}`;
  return 'account not selected for this sweep';
}

/** The input's configuration items that no account-region sweep read, counted by account, region and why. */
function notSwept(input: SweptInput): NotSwept[] {
  const counts = new Map<string, NotSwept>();
  const count = (accountId: string, region: string, reason: string, items: number) => {
    const key = JSON.stringify([accountId, region, reason]);
    const seen = counts.get(key);
    counts.set(key, { accountId, region, reason, configurationItems: (seen?.configurationItems ?? 0) + items });
  };
  const status = new Map(input.accounts.map((a) => [a.accountId, a]));
  for (const [accountId, held] of input.held) {
    const regions = input.collected.get(accountId);
    const account = status.get(accountId);
    const swept = new Set(regions);
    for (const [region, items] of held) {
      if (regions === undefined) count(accountId, region, notCollectedReason(accountId, input), items);
      else if (account !== undefined && account.status !== 'OK')
        count(accountId, region, `account ${account.status}: ${account.error ?? ''}`, items);
      else if (!sweptIn(region, swept))
        count(accountId, region, `region not in the account's regions (${regions.join(', ')})`, items);
    }
  }
  for (const r of input.rejected) {
    count(r.accountId, r.region, 'not a valid configuration item (see rejectedItems)', 1);
  }
  return [...counts.values()].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.reason.localeCompare(b.reason),
  );
}

export type { SweptInput };
export { accountsInSnapshot, notSwept, snapshotSource, withSnapshotRegions };
