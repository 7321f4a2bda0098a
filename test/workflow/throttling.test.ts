/**
 * Throttling through the synthesized SweepStateMachine (issue 10 item 1): collect, exemption lookup,
 * remediation and notification each throttled once (as AWS names it) are retried by the states'
 * Retry policies, and the sweep ends exactly as an unthrottled one does — nothing lost, nothing
 * doubled. (The local runner zeroes the retry intervals; the backoff itself is in the definition,
 * checked below.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { workflows } from '../../local/workflows';
import type { ConfigurationItem } from '../../tasks/shared/model';
import type { Report } from '../../tasks/shared/report';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

const throttled = (name: string, message: string) => Object.assign(new Error(message), { name });

let items: ConfigurationItem[];
let baseline: Report;
beforeAll(async () => {
  items = await estateItems();
  const run = await runLocalSweep({ items, accounts, exemptions, request: { dryRun: true }, now: NOW });
  if (run.report === undefined) throw new Error('baseline sweep failed');
  baseline = run.report;
});

/** What must not change: every finding's decision, remediation outcome and delivery. */
const outcomes = (r: Report) =>
  r.findings.map((f) => `${f.findingId} ${f.decision} ${f.remediation?.outcome ?? '-'} ${f.notified}`).sort();

describe('throttled once everywhere, the sweep ends as if nothing happened', () => {
  let run: LocalSweepResult;
  const calls: Record<string, number> = {};

  beforeAll(async () => {
    const once = new Set<string>();
    let snsThrottled = false;
    run = await runLocalSweep({
      items,
      accounts,
      exemptions,
      request: { dryRun: true },
      now: NOW,
      wrapTask: (task, handler) => async (input) => {
        calls[task] = (calls[task] ?? 0) + 1;
        const first = !once.has(task);
        once.add(task);
        if (first && task === 'collect') throw throttled('RequestLimitExceeded', 'Request limit exceeded.');
        if (first && task === 'check-exemptions') {
          throw throttled('ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
        }
        if (first && task === 'remediate') throw throttled('SlowDown', 'Please reduce your request rate.');
        return handler(input);
      },
      onPublish: () => {
        if (!snsThrottled) {
          snsThrottled = true;
          throw throttled('ThrottledException', 'Rate exceeded');
        }
      },
    });
  });

  it('completes with every finding decided, remediated and notified as in the unthrottled run', () => {
    expect(run.execution.status).toBe('SUCCEEDED');
    if (run.report === undefined) throw new Error('no report');
    expect(outcomes(run.report)).toEqual(outcomes(baseline));
    expect(run.report.accounts.map((a) => a.status)).toEqual(baseline.accounts.map((a) => a.status));
  });

  it('retried exactly the throttled invocations (one more call each)', () => {
    const ok = baseline.accounts.filter((a) => a.status === 'OK').length;
    expect(calls.collect).toBe(baseline.accounts.length + 1);
    expect(calls['check-exemptions']).toBe(ok + 1);
    const remediations = baseline.findings.filter((f) => f.decision === 'REMEDIATE').length;
    expect(calls.remediate).toBe(remediations + 1);
  });

  it('counts the retries by state in the execution summary', () => {
    expect(run.execution.retries).toMatchObject({ 'Collect resources': 1, 'Check exemptions': 1, Remediate: 1 });
    // The fourth: whichever SNS publish came first (an owner's or the operators' notice).
    expect(Object.values(run.execution.retries).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('the ledger has one record per decision, no duplicates from the retries', () => {
    const keys = run.ledger.map((r) => `${String(r.findingId)} ${String(r.decision)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

/** An SDK v3 service error (name = AWS error code). */
const awsError = (name: string, message: string, status: number) =>
  Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });

describe('failures the SDK classifies as retryable, whatever AWS names them, are retried, not FAILED', () => {
  let run: LocalSweepResult;
  const calls: Record<string, number> = {};

  beforeAll(async () => {
    const once = new Set<string>();
    run = await runLocalSweep({
      items,
      accounts,
      exemptions,
      request: { dryRun: true },
      now: NOW,
      wrapTask: (task, handler) => async (input) => {
        calls[task] = (calls[task] ?? 0) + 1;
        const first = !once.has(task);
        once.add(task);
        // EC2's own throttling name, a socket reset and an SDK timeout: none of them was in the old Retry list.
        if (first && task === 'collect') throw awsError('EC2ThrottledException', 'Request limit exceeded.', 503);
        if (first && task === 'check-exemptions') {
          throw Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });
        }
        if (first && task === 'remediate') throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return handler(input);
      },
    });
  });

  it('every account is swept as in the unthrottled run (none FAILED), every finding decided the same', () => {
    expect(run.execution.status).toBe('SUCCEEDED');
    if (run.report === undefined) throw new Error('no report');
    expect(run.report.accounts.map((a) => a.status)).toEqual(baseline.accounts.map((a) => a.status));
    expect(outcomes(run.report)).toEqual(outcomes(baseline));
  });

  it('retried exactly the failed invocations, as RetryableAwsError', () => {
    const ok = baseline.accounts.filter((a) => a.status === 'OK').length;
    expect(calls.collect).toBe(baseline.accounts.length + 1);
    expect(calls['check-exemptions']).toBe(ok + 1);
    expect(run.execution.retries).toMatchObject({ 'Collect resources': 1, 'Check exemptions': 1, Remediate: 1 });
  });
});

describe('the retry policy in the definition', () => {
  it('every Task retries RetryableAwsError (what the tasks throw for any retryable AWS failure) with exponential backoff and full jitter', () => {
    const tasks: Record<
      string,
      { Retry?: { ErrorEquals: string[]; BackoffRate?: number; JitterStrategy?: string }[] }
    >[] = [];
    const visit = (states: Record<string, Record<string, unknown>>) => {
      for (const state of Object.values(states)) {
        if (state.Type === 'Task') tasks.push({ [String(state.Resource)]: state as never });
        const processor = (state.ItemProcessor ?? state.Iterator) as {
          States?: Record<string, Record<string, unknown>>;
        };
        if (processor?.States) visit(processor.States);
      }
    };
    visit(workflows().sweep.definition.States as Record<string, Record<string, unknown>>);
    expect(tasks.length).toBeGreaterThan(5);
    for (const entry of tasks) {
      const state = Object.values(entry)[0];
      const throttling = state?.Retry?.find((r) => r.ErrorEquals.includes('RetryableAwsError'));
      expect(throttling).toMatchObject({ BackoffRate: 2, JitterStrategy: 'FULL' });
    }
  });
});
