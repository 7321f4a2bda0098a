/**
 * The streamed offline input (issue 18): a first pass over the snapshot files keeps, for every
 * account-region, only which files hold it and how many distinct resources it has; an account's
 * items are read from its files when its `Collect resources` runs, and dropped once handed over.
 * So the estate is never in memory at once — at most one account's items, and one file's text a
 * chunk at a time (`snapshot.ts`) — whatever the number of accounts or the size of a file.
 *
 * Both passes read every item the same way (`scanSnapshotFile`: normalised, the latest capture of a
 * resource wins, a later file on a tie), so a sweep on the index sees exactly what one on
 * `readSnapshot` would. The first pass keeps each account-region's resource keys only until all
 * files are read (for the distinct counts), then lets them go. For an uncompressed ASCII file it
 * also keeps the byte ranges of each account's runs of items, so one file holding many accounts
 * (a 2 GiB file) is read, per account, only where that account's items are; other files are read
 * whole for each account they hold.
 */
import type { ConfigurationItem } from '../tasks/shared/model';
import { ciKey } from '../tasks/shared/normalize-ci';
import type { RejectedItem, SkippedFile } from '../tasks/shared/report';
import {
  keepLatest,
  type ReadOptions,
  type SnapshotRead,
  scanSnapshotFile,
  snapshotFiles,
  sortedByKey,
} from './snapshot';
import { type HeldCounts, type SnapshotHoldings, sweptIn } from './snapshot-holdings';

interface SnapshotIndex extends SnapshotHoldings, Omit<SnapshotRead, 'items'> {
  /** Distinct resources in the snapshot (what `readSnapshot(dir).items.length` would be). */
  readonly itemCount: number;
  /** Account id → region → the files (in read order) holding items of that account-region. */
  readonly filesOf: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** File → account id → the byte ranges `[start, end)` of its runs of that account's items. */
  readonly rangesOf: ReadonlyMap<string, ReadonlyMap<string, readonly Range[]>>;
}

type Range = [start: number, end: number];
/** Beyond this many runs in one file (accounts' items interleaved), the file is read whole instead. */
const MAX_RANGES_PER_FILE = 4096;

function nested<V>(map: Map<string, Map<string, V>>, a: string, b: string, make: () => V): V {
  let inner = map.get(a);
  if (inner === undefined) {
    inner = new Map();
    map.set(a, inner);
  }
  let value = inner.get(b);
  if (value === undefined) {
    value = make();
    inner.set(b, value);
  }
  return value;
}

/**
 * Indexes every Config snapshot/history file under `dir` (the same files, skipped files and
 * rejected items as `readSnapshot`) without keeping their items.
 * @throws SnapshotReadError as `readSnapshot` does.
 */
async function indexSnapshot(dir: string, options: ReadOptions = {}): Promise<SnapshotIndex> {
  const keys = new Map<string, Map<string, Set<string>>>();
  const filesOf = new Map<string, Map<string, string[]>>();
  const rangesOf = new Map<string, Map<string, Range[]>>();
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const rejected: RejectedItem[] = [];
  for (const file of await snapshotFiles(dir)) {
    // Only the keys, aside until the file is known to be a Config file.
    const here = new Map<string, Map<string, string[]>>();
    // Runs of consecutive items of one account: what reading that account needs of a large file.
    const ranges = new Map<string, Range[]>();
    let runs = 0;
    let last: Range | undefined;
    let lastAccount: string | undefined;
    const scan = await scanSnapshotFile(
      file,
      (ci, start, end) => {
        nested(here, ci.accountId, ci.region, () => []).push(ciKey(ci));
        if (last !== undefined && lastAccount === ci.accountId) {
          last[1] = end;
          return;
        }
        last = [start, end];
        lastAccount = ci.accountId;
        runs += 1;
        const list = ranges.get(ci.accountId);
        if (list === undefined) ranges.set(ci.accountId, [last]);
        else list.push(last);
      },
      options,
    );
    if (scan.reason !== undefined) {
      skipped.push({ file, reason: scan.reason });
      continue;
    }
    for (const [accountId, regions] of here) {
      for (const [region, found] of regions) {
        const seen = nested(keys, accountId, region, () => new Set<string>());
        for (const key of found) seen.add(key);
        nested(filesOf, accountId, region, () => []).push(file);
      }
    }
    if (scan.offsetsAreBytes && runs <= MAX_RANGES_PER_FILE) rangesOf.set(file, ranges);
    rejected.push(...scan.rejected);
    files.push(file);
  }
  const counts = new Map<string, Map<string, number>>();
  let itemCount = 0;
  for (const [accountId, regions] of keys) {
    for (const [region, seen] of regions) {
      nested(counts, accountId, region, () => seen.size);
      itemCount += seen.size;
    }
  }
  return {
    counts: counts as HeldCounts,
    filesOf,
    rangesOf,
    itemCount,
    files,
    skipped,
    rejected,
    read: (accountId, regions) => readAccount({ filesOf, rangesOf }, accountId, regions, options),
  };
}

/** One account's items in `regions` (and its global ones), read from the files that hold them. */
async function readAccount(
  { filesOf, rangesOf }: Pick<SnapshotIndex, 'filesOf' | 'rangesOf'>,
  accountId: string,
  regions: readonly string[],
  options: ReadOptions,
): Promise<ConfigurationItem[]> {
  const wanted = new Set(regions);
  const held = filesOf.get(accountId) ?? new Map<string, readonly string[]>();
  const files = new Set<string>();
  for (const [region, list] of held) if (sweptIn(region, wanted)) for (const f of list) files.add(f);
  const byKey = new Map<string, ConfigurationItem>();
  // In the first pass's order, so that on a tie the later file wins there too.
  const keep = (ci: ConfigurationItem) => {
    if (ci.accountId === accountId && sweptIn(ci.region, wanted)) keepLatest(byKey, ci);
  };
  for (const file of [...files].sort()) {
    const ranges = rangesOf.get(file)?.get(accountId);
    if (ranges === undefined) await scanSnapshotFile(file, keep, options);
    else for (const [start, end] of ranges) await scanSnapshotFile(file, keep, options, { start, end });
  }
  return sortedByKey(byKey);
}

export type { Range, SnapshotIndex };
export { indexSnapshot };
