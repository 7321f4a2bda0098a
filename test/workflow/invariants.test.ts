/**
 * The accounting invariant (issue 10 item 6), checked over whole sweeps of the synthesized
 * definition: every resource × applicable rule is counted exactly once; every REMEDIATE, NOTIFY and
 * EXEMPT decision has a ledger record naming it; every NOTIFY reached a notification. Estates: the
 * bundled one; the same with an account whose every remediation fails; and with SNS refusing some
 * messages — nothing may go missing in any of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PublishedMessage } from '../../local/bindings';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { RULES } from '../../tasks/rules/index';
import type { ConfigurationItem } from '../../tasks/shared/model';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

let items: ConfigurationItem[];
beforeAll(async () => {
  items = await estateItems();
});

function checkInvariants(run: LocalSweepResult) {
  const report = run.report;
  if (report === undefined) throw new Error(`sweep failed: ${run.execution.cause}`);
  const swept = new Set(report.accounts.filter((a) => a.status === 'OK').map((a) => a.accountId));

  // 1. Every resource × applicable rule counted exactly once.
  for (const rule of RULES.filter((r) => r.triggers.sweep)) {
    const applicable = items.filter((ci) => swept.has(ci.accountId) && rule.resourceTypes.includes(ci.resourceType));
    const c = report.counts[rule.id];
    expect(c, rule.id).toBeDefined();
    expect(c && c.COMPLIANT + c.NON_COMPLIANT + c.NOT_APPLICABLE + c.ERROR, rule.id).toBe(applicable.length);
  }
  // …and each non-compliant or error result is exactly one finding.
  const ids = report.findings.map((f) => f.findingId);
  expect(new Set(ids).size).toBe(ids.length);
  const nonCompliant = Object.values(report.counts).reduce((n, c) => n + c.NON_COMPLIANT + c.ERROR, 0);
  expect(report.findings).toHaveLength(nonCompliant);

  // 2. Every REMEDIATE, NOTIFY and EXEMPT decision has a ledger record with that decision.
  const ledger = new Map<string, Set<string>>();
  for (const r of run.ledger) {
    const key = String(r.findingId);
    ledger.set(key, (ledger.get(key) ?? new Set()).add(String(r.decision)));
  }
  for (const f of report.findings.filter((x) => x.decision !== 'NONE')) {
    expect(ledger.get(f.findingId)?.has(f.decision), `${f.decision} ${f.findingId} in the ledger`).toBe(true);
  }

  // 3. Every NOTIFY reached a notification (or was reported as undelivered: never silently lost).
  const delivered = (arn: string) => run.published.some((m) => m.Message.includes(arn));
  for (const f of report.findings.filter((x) => x.decision === 'NOTIFY' || x.decision === 'REMEDIATE')) {
    if (f.notified === 'OUTBOX') expect(delivered(f.arn), `${f.arn} notified`).toBe(true);
    else expect(f.notified, `${f.decision} ${f.arn}`).toBe('FAILED');
  }
  return report;
}

describe('the accounting invariant', () => {
  it('holds for the bundled estate', async () => {
    const report = checkInvariants(
      await runLocalSweep({ items, accounts, exemptions, request: { dryRun: true }, now: NOW }),
    );
    expect(report.findings.length).toBeGreaterThan(20);
  });

  it('holds when every remediation of one account crashes', async () => {
    const run = await runLocalSweep({
      items,
      accounts,
      exemptions,
      now: NOW,
      wrapTask: (task, handler) =>
        task !== 'remediate'
          ? handler
          : async (input) => {
              const { finding } = input as { finding: { accountId: string } };
              if (finding.accountId === '222222222222') throw new Error('simulated crash');
              return handler(input);
            },
    });
    const report = checkInvariants(run);
    const failed = report.findings.filter((f) => f.remediation?.outcome === 'FAILED');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.accountId === '222222222222')).toBe(true);
  });

  it('holds when SNS refuses every other message', async () => {
    let n = 0;
    const run = await runLocalSweep({
      items,
      accounts,
      exemptions,
      request: { dryRun: true },
      now: NOW,
      onPublish: (_m: PublishedMessage) => {
        n += 1;
        if (n % 2 === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttled' });
      },
    });
    const report = checkInvariants(run);
    expect(report.findings.some((f) => f.notified === 'FAILED')).toBe(true);
  });
});
