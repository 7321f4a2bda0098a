/**
 * Offline: the regions an accounts file lists for an account that the snapshot holds no
 * configuration item for. Such an account-region is swept and finds nothing, which would read as a
 * clean `OK`; the summary and the JSON report say that there was no data instead.
 */
import type { ConfigurationItem } from '../tasks/shared/model';

/** Account id → the listed regions without data, sorted; only accounts that have some. */
type RegionsWithoutData = ReadonlyMap<string, readonly string[]>;

function regionsWithoutData(
  accounts: readonly Record<string, unknown>[],
  items: readonly ConfigurationItem[],
): RegionsWithoutData {
  const held = new Set(items.map((ci) => `${ci.accountId}/${ci.region}`));
  const accountsHeld = new Set(items.map((ci) => ci.accountId));
  const empty = new Map<string, string[]>();
  for (const account of accounts) {
    const { accountId, regions } = account;
    if (typeof accountId !== 'string' || !Array.isArray(regions)) continue;
    // An account with no data at all is already UNREACHABLE, with why.
    if (!accountsHeld.has(accountId)) continue;
    const missing = regions.filter((r): r is string => typeof r === 'string' && !held.has(`${accountId}/${r}`));
    if (missing.length > 0) empty.set(accountId, [...missing].sort());
  }
  return empty;
}

export type { RegionsWithoutData };
export { regionsWithoutData };
