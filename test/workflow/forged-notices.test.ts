/**
 * Nothing forged in the operators' account notices (issue 14, item 10): `Account unreachable` and
 * `Account failed` are Pass states that build their SNS message with `States.Format` from the
 * account's alias and the failed task's error (`$.error.Cause`). Through the synthesized
 * SweepStateMachine with the live collectors: AssumeRole fails with an AWS error message that
 * carries a forged line (after a newline, and after U+2028 / NEL, which JSON does not escape, so
 * they reach a real Lambda error's Cause as they are), another task fails the same way for a
 * second account, and a third account's registry item has a newline in its alias. No operator
 * message holds a forged line; the alias item is reported invalid and named in no message.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { s3BucketCi } from '../support/ci-builder';
import { emptyLiveAccounts } from '../support/empty-accounts';
import { PlaceboServiceError } from '../support/placebo';

const FORGED = 'Decision: NONE (exempted by ex-legacy-logs)';
/** Every way a line can end for someone reading the message (mail clients, terminals, Slack). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the line breaks are what is matched
const LINE_BREAK = /\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029]/;

const DENIED = '100000000001';
const BROKEN = '100000000002';
const BAD_ALIAS = '100000000003';
const FINE = '100000000004';
const badAlias = `payments\n${FORGED}`;

/** Lines of a text that start with a `Decision:` claiming an exemption: only forged ones would. */
function forgedLines(text: string): string[] {
  return text.split(LINE_BREAK).filter((line) => /^\s*Decision: NONE/.test(line));
}

let run: LocalSweepResult;

beforeAll(async () => {
  const source = emptyLiveAccounts((roleArn) => {
    if (roleArn.includes(DENIED)) {
      throw new PlaceboServiceError(
        'AccessDenied',
        `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}\n${FORGED}\u2028${FORGED}\u0085${FORGED}`,
        403,
        {},
      );
    }
  });
  run = await runLocalSweep({
    items: [],
    accounts: [
      { accountId: DENIED, alias: 'denied', regions: ['us-east-1'] },
      { accountId: BROKEN, alias: 'broken', regions: ['us-east-1'] },
      { accountId: BAD_ALIAS, alias: badAlias, regions: ['us-east-1'] },
      { accountId: FINE, alias: 'fine', regions: ['us-east-1'] },
    ],
    source,
    request: { dryRun: true },
    now: () => new Date('2026-11-22T06:00:00Z'),
    // A task failing with AWS text in its message, for one account: `Account failed`.
    wrapTask: (task, handler) =>
      task === 'evaluate'
        ? async (input) => {
            if (JSON.stringify(input).includes(BROKEN)) {
              throw Object.assign(new Error(`table warden-inventory\n${FORGED}\u2029${FORGED}`), {
                name: 'ResourceNotFoundException',
              });
            }
            return handler(input);
          }
        : handler,
  });
}, 120_000);

describe('account notices built by States.Format from AWS text', () => {
  it('the unreachable and the failed account are notified once each, with no forged line', () => {
    expect(run.execution.status, run.execution.cause).toBe('SUCCEEDED');
    const toOperators = run.published.filter((m) => m.state === 'Notify operators');
    expect(toOperators.map((m) => m.MessageAttributes?.accountId?.StringValue).sort()).toEqual([DENIED, BROKEN]);
    for (const m of toOperators) {
      expect(forgedLines(m.Message)).toEqual([]);
      expect(m.Message.split(LINE_BREAK)).toHaveLength(1);
    }
    // The AWS text is still there, on the notice's one line, visibly escaped (`\n`, `\u2028`; the local
    // engine's intrinsic functions drop every backslash of their result, so `n`, `u2028` here).
    const escapes = (text: string) => text.replaceAll('\\', '');
    const denied = toOperators.find((m) => m.Message.includes(DENIED));
    expect(denied?.Message).toContain('AccessDenied');
    expect(escapes(denied?.Message ?? '')).toContain(`WardenAuditn${FORGED}u2028${FORGED}u0085${FORGED}`);
    const broken = toOperators.find((m) => m.Message.includes(BROKEN));
    expect(escapes(broken?.Message ?? '')).toContain(`warden-inventoryn${FORGED}u2029${FORGED}`);
  });

  it('keeps the error names Catch matched on: AccessDenied ends UNREACHABLE, the other FAILED', () => {
    const byAccount = Object.fromEntries((run.report?.accounts ?? []).map((a) => [a.accountId, a]));
    expect(byAccount[DENIED]).toMatchObject({ status: 'UNREACHABLE', error: expect.stringContaining('AccessDenied') });
    // The report keeps the escapes (`\n`) as they are.
    expect(byAccount[BROKEN]).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining(`warden-inventory\\n${FORGED}\\u2029${FORGED}`),
    });
    expect(byAccount[FINE]?.status).toBe('OK');
    for (const a of run.report?.accounts ?? []) expect(forgedLines(a.error ?? '')).toEqual([]);
  });

  it('reports the item whose alias holds a newline as invalid, and never puts that alias in a message', () => {
    const item = run.report?.accounts.find((a) => a.accountId === BAD_ALIAS);
    expect(item?.status).toBe('UNREACHABLE');
    expect(item?.error).toMatch(/^invalid Accounts item: alias: /);
    expect(forgedLines(item?.alias ?? '')).toEqual([]);
    for (const m of run.published) {
      expect(m.Message).not.toContain(badAlias);
      expect(forgedLines(m.Message)).toEqual([]);
    }
    expect(forgedLines(run.markdown ?? '')).toEqual([]);
  });
});

describe('the remediation-failure notice, built by States.Format from the finding', () => {
  it("names a bucket whose name forges lines without adding a line, and keeps the Remediate task's error", async () => {
    const bucketName = `forged-bucket\n${FORGED}\u2028${FORGED}`;
    const bucket = s3BucketCi(bucketName, {
      accountId: '111111111111',
      region: 'us-east-1',
      arn: `arn:aws:s3:::${bucketName}`,
    });
    const sweep = await runLocalSweep({
      items: [bucket],
      accounts: [{ accountId: '111111111111', alias: 'payments', regions: ['us-east-1'] }],
      now: () => new Date('2026-11-22T06:00:00Z'),
      wrapTask: (task, handler) =>
        task === 'remediate'
          ? async () => {
              throw Object.assign(new Error(`Task timed out\n${FORGED}`), { name: 'States.Timeout' });
            }
          : handler,
    });
    expect(sweep.execution.status, sweep.execution.cause).toBe('SUCCEEDED');
    const failures = sweep.published.filter((m) => m.Subject?.startsWith('[FAILED]'));
    expect(failures.length).toBeGreaterThan(0);
    for (const m of failures) {
      expect(forgedLines(m.Message)).toEqual([]);
      expect(m.Message).toContain('forged-bucket');
      expect(m.Message).toContain('Task timed out');
      expect(m.Message).toContain('Nothing is known to have changed');
    }
  });
});
