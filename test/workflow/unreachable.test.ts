/**
 * Unreachable accounts through the synthesized SweepStateMachine with the live collectors (issue 10
 * item 2): of six accounts, one refuses AssumeRole (AccessDenied) and one answers with an expired
 * token; those two end UNREACHABLE with the reason, the other four are swept to the end, and the
 * operators get exactly one message per unreachable account.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { emptyLiveAccounts } from '../support/empty-accounts';
import { PlaceboServiceError } from '../support/placebo';

const ACCOUNTS = ['100000000001', '100000000002', '100000000003', '100000000004', '100000000005', '100000000006'];
const DENIED = '100000000002';
const EXPIRED = '100000000005';

let run: LocalSweepResult;

beforeAll(async () => {
  const source = emptyLiveAccounts((roleArn) => {
    if (roleArn.includes(DENIED)) {
      throw new PlaceboServiceError(
        'AccessDenied',
        `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
        {},
      );
    }
    if (roleArn.includes(EXPIRED)) {
      throw new PlaceboServiceError('ExpiredToken', 'The security token included in the request is expired', 400, {});
    }
  });
  run = await runLocalSweep({
    items: [],
    accounts: ACCOUNTS.map((accountId, i) => ({ accountId, alias: `acct-${i + 1}`, regions: ['us-east-1'] })),
    source,
    request: { dryRun: true },
    now: () => new Date('2026-11-22T06:00:00Z'),
  });
});

describe('unreachable accounts do not stop a sweep', () => {
  it('the two ends UNREACHABLE with the reason; the four others are swept', () => {
    expect(run.execution.status).toBe('SUCCEEDED');
    const byAccount = Object.fromEntries((run.report?.accounts ?? []).map((a) => [a.accountId, a]));
    expect(Object.keys(byAccount).sort()).toEqual(ACCOUNTS);
    expect(byAccount[DENIED]).toMatchObject({ status: 'UNREACHABLE', error: expect.stringContaining('AccessDenied') });
    expect(byAccount[EXPIRED]).toMatchObject({ status: 'UNREACHABLE', error: expect.stringContaining('ExpiredToken') });
    expect(ACCOUNTS.filter((a) => byAccount[a]?.status === 'OK')).toHaveLength(4);
  });

  it('operators are told once per unreachable account, and about nothing else', () => {
    const toOperators = run.published.filter((m) => m.state === 'Notify operators');
    expect(toOperators).toHaveLength(2);
    expect(toOperators.map((m) => [DENIED, EXPIRED].find((a) => m.Message.includes(a))).sort()).toEqual([
      DENIED,
      EXPIRED,
    ]);
  });
});
