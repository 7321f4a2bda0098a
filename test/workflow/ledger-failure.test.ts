/**
 * The Ledger table failing under `Record remediation` (issue 10 item 4), through the synthesized
 * SweepStateMachine: a failure that passes is retried away; one that does not is retried, then the
 * execution ends FAILED with `LedgerIncompleteError` after the report is written, listing every
 * record the table refused. Owners are still told; nothing is silently dropped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import type { ConfigurationItem } from '../../tasks/shared/model';
import type { Report } from '../../tasks/shared/report';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

/** What DynamoDB answers when the table is gone or the role lost its grant: not a throttling error. */
const tableGone = () => Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });

let items: ConfigurationItem[];
let baseline: Report;
beforeAll(async () => {
  items = await estateItems();
  const run = await runLocalSweep({ items, accounts, exemptions, request: { dryRun: true }, now: NOW });
  if (run.report === undefined) throw new Error('baseline sweep failed');
  baseline = run.report;
});

function sweepWithLedger(fail: (attempt: number) => boolean) {
  const attempts = new Map<string, number>();
  let calls = 0;
  const run = runLocalSweep({
    items,
    accounts,
    exemptions,
    request: { dryRun: true },
    now: NOW,
    wrapTask: (task, handler) =>
      task !== 'record-remediation'
        ? handler
        : async (input) => {
            calls += 1;
            const id = (input as { finding: { findingId: string } }).finding.findingId;
            const attempt = (attempts.get(id) ?? 0) + 1;
            attempts.set(id, attempt);
            if (fail(attempt)) throw tableGone();
            return handler(input);
          },
  });
  return { run, calls: () => calls };
}

describe('a ledger write that fails once', () => {
  let run: LocalSweepResult;
  let calls: number;
  beforeAll(async () => {
    const sweep = sweepWithLedger((attempt) => attempt === 1);
    run = await sweep.run;
    calls = sweep.calls();
  });

  it('is retried by the state and the sweep succeeds with every record written', () => {
    const remediations = baseline.findings.filter((f) => f.decision === 'REMEDIATE').length;
    expect(remediations).toBeGreaterThan(0);
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(calls).toBe(2 * remediations);
    expect(run.execution.retries['Record remediation']).toBe(remediations);
    expect(run.report?.ledgerFailures).toEqual([]);
    const recorded = run.ledger.filter((r) => r.outcome !== undefined).map((r) => r.findingId);
    expect(recorded.sort()).toEqual(
      baseline.findings
        .filter((f) => f.decision === 'REMEDIATE')
        .map((f) => f.findingId)
        .sort(),
    );
  });
});

describe('a ledger that keeps failing', () => {
  let run: LocalSweepResult;
  let calls: number;
  beforeAll(async () => {
    const sweep = sweepWithLedger(() => true);
    run = await sweep.run;
    calls = sweep.calls();
  });

  it('is retried, then the execution fails loudly, naming how many records and where they are kept', () => {
    const remediations = baseline.findings.filter((f) => f.decision === 'REMEDIATE');
    expect(calls).toBe(3 * remediations.length);
    expect(run.execution.status).toBe('FAILED');
    expect(run.execution.error).toBe('LedgerIncompleteError');
    expect(run.execution.cause).toMatch(
      new RegExp(`^${remediations.length} remediation record\\(s\\) could not be written to the Ledger table`),
    );
    expect(run.execution.cause).toContain('ResourceNotFoundException');
    // (dated by $$.Execution.StartTime, which the local engine sets from the wall clock)
    expect(run.execution.cause).toMatch(/kept in ledger\/\d{4}\/\d\d\/\d\d\/sweep-2026-11-22T06-00-00Z\.jsonl/);
  });

  it('still writes the report, listing every record the table refused', () => {
    const report = run.report as Report;
    expect(report.ledgerFailures.map((f) => f.findingId).sort()).toEqual(remediations().sort());
    for (const f of report.ledgerFailures) expect(f.error).toMatch(/^ResourceNotFoundException/);
    expect(run.markdown).toContain(`## Remediation records not in the ledger (${remediations().length})`);
  });

  it('still tells every owner and decides every finding as the healthy run does', () => {
    const report = run.report as Report;
    const outcomes = (r: Report) => r.findings.map((f) => `${f.findingId} ${f.decision} ${f.notified}`).sort();
    expect(outcomes(report)).toEqual(outcomes(baseline));
    // Each remediation is told to its owner in the sweep's digest, its ledger record lost or not.
    const digests = run.published.filter((m) => m.state === 'Notify owners');
    for (const id of remediations())
      expect(
        digests.filter((m) => m.Message.includes(id)),
        id,
      ).toHaveLength(1);
  });
});

function remediations(): string[] {
  return baseline.findings.filter((f) => f.decision === 'REMEDIATE').map((f) => f.findingId);
}
