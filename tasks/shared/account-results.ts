/**
 * What `For each account` returned for every account, as the sweep's Distributed Map exports it
 * with its ResultWriter to S3. A child execution that failed outright (it outlived Express's 5
 * minutes, or hit an error no Catch takes) is an account `FAILED` with the child's error, so the
 * report still names it.
 */
import { mapLimit } from './aws/concurrency';
import { type MapRunResults, readMapResults } from './map-results';
import type { Finding } from './model';
import type { ObjectStore } from './object-store';
import type { AccountResult, FindingOutcome } from './report';

/** Objects read from the artifacts bucket at once (one or a few per account). */
const READ_CONCURRENCY = 16;

interface AccountItem {
  readonly target?: { readonly accountId?: unknown; readonly alias?: unknown };
}

async function readAccountResults(store: ObjectStore, results: MapRunResults): Promise<AccountResult[]> {
  const { succeeded, failed } = await readMapResults(store, results);
  const failedAccounts: AccountResult[] = failed.map((child) => {
    const target = (child.input as AccountItem | undefined)?.target;
    return {
      accountId: typeof target?.accountId === 'string' ? target.accountId : '(unknown account)',
      alias: typeof target?.alias === 'string' ? target.alias : '',
      status: 'FAILED',
      error: `the account's execution ended ${child.status}: ${child.error}: ${child.cause}`,
    };
  });
  return [...(succeeded as AccountResult[]), ...failedAccounts].sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/**
 * An account's finding outcomes as `Account done` leaves them: per region, per page, where `Save
 * outcomes` stored that page's outcomes (`{outcomesRef, count}`).
 */
async function loadOutcomes(store: ObjectStore, pages: unknown): Promise<FindingOutcome[]> {
  const out: FindingOutcome[] = [];
  for (const page of Array.isArray(pages) ? (pages.flat() as { outcomesRef?: unknown }[]) : []) {
    if (typeof page?.outcomesRef === 'string') out.push(...(await store.getJson<FindingOutcome[]>(page.outcomesRef)));
  }
  return out;
}

/** The accounts with each OK account's outcomes read back from S3. */
function withOutcomes(store: ObjectStore, accounts: readonly AccountResult[]): Promise<AccountResult[]> {
  return mapLimit(accounts, READ_CONCURRENCY, async (account) =>
    account.status === 'OK' ? { ...account, outcomes: await loadOutcomes(store, account.outcomes) } : account,
  );
}

/** Each OK account's decided findings (what `Check exemptions` stored), by account id. */
async function readDecisions(store: ObjectStore, accounts: readonly AccountResult[]): Promise<Map<string, Finding[]>> {
  const ok = accounts.flatMap((a) => (a.status === 'OK' ? [a] : []));
  const decided = await mapLimit(ok, READ_CONCURRENCY, (a) => store.getJson<Finding[]>(a.decisions.decisionsRef));
  return new Map(ok.map((a, i) => [a.accountId, decided[i] ?? []]));
}

export { loadOutcomes, readAccountResults, readDecisions, withOutcomes };
