/**
 * What `For each account` returned for every account: inline (a Map state's output array) or, as
 * the sweep's Distributed Map writes it, exported by its ResultWriter to S3. A child execution that
 * failed outright (it outlived Express's 5 minutes, or hit an error no Catch takes) is an account
 * `FAILED` with the child's error, so the report still names it.
 */
import type { AccountResult } from '../summarize/report';
import { type MapRunResults, readMapResults } from './map-results';
import type { ObjectStore } from './object-store';

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

export { readAccountResults };
