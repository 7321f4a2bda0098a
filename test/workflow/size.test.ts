/**
 * Size (issue 10 item 5): one account of 50,000 resources whose findings to remediate alone would be
 * about 1.6 MB in a state payload (500 of them, about 3 KiB each), through the synthesized
 * SweepStateMachine. The local runner fails any run whose state input or output passes Step
 * Functions' 256 KiB (`States.DataLimitExceeded`, as AWS would); this one succeeds, and every finding
 * ends as it does when the same resources are swept in small slices.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchEstate } from '../../bench/generate-estate';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { readSnapshot } from '../../local/snapshot';
import { cdkJsonContext, synthesizeWorkflows, type Workflows } from '../../local/workflows';
import type { ConfigurationItem } from '../../tasks/shared/model';
import type { Report } from '../../tasks/shared/report';

const DIR = join(tmpdir(), `warden-size-${process.pid}`);
const NOW = () => new Date('2026-11-22T06:00:00Z');
const SLICES = 5;

let items: ConfigurationItem[];
let accounts: Record<string, unknown>[];
let big: LocalSweepResult;
/**
 * The deployment's config with the blast-radius caps out of the way: this test is about payload
 * sizes, and 500 remediations in one account are over the default caps (test/workflow/blast-radius.test.ts).
 */
let uncapped: Workflows;

beforeAll(async () => {
  await rm(DIR, { recursive: true, force: true });
  const { accountsFile } = await writeBenchEstate(DIR, {
    accounts: 1,
    regions: ['us-east-1', 'eu-west-1'],
    perRegion: 25_000,
  });
  items = (await readSnapshot(DIR)).items;
  accounts = JSON.parse(await readFile(accountsFile, 'utf-8'));
  const unlimited = { maxResources: 10_000, maxResourcesPercent: null };
  uncapped = synthesizeWorkflows({
    ...cdkJsonContext(),
    warden: { blastRadius: { perRule: unlimited, perAccount: unlimited, perSweep: { maxResources: 10_000 } } },
  });
  big = await runLocalSweep({ items, accounts, request: { dryRun: true }, now: NOW, workflows: uncapped });
}, 120_000);

afterAll(() => rm(DIR, { recursive: true, force: true }));

const outcomes = (r: Report) =>
  r.findings.map((f) => `${f.findingId} ${f.decision} ${f.remediation?.outcome ?? '-'} ${f.notified}`);

describe('an account of 50,000 resources', () => {
  it('succeeds with every state payload under 256 KiB', () => {
    expect(items).toHaveLength(50_000);
    expect(big.execution.status, big.execution.cause).toBe('SUCCEEDED');
    expect(big.execution.largestPayload?.bytes).toBeLessThan(256 * 1024);
    const report = big.report as Report;
    expect(report.accounts.map((a) => a.status)).toEqual(['OK']);
    expect(report.resourcesEvaluated).toBe(50_000);
  });

  it('remediates (plans) all 500 findings to remediate, each recorded once in the ledger and notified', () => {
    const report = big.report as Report;
    const remediated = report.findings.filter((f) => f.decision === 'REMEDIATE');
    // The inline list alone would have been several times the limit.
    expect(remediated).toHaveLength(500);
    expect(Buffer.byteLength(JSON.stringify(remediated))).toBeGreaterThan(256 * 1024);
    expect(remediated.every((f) => f.remediation?.outcome === 'PLANNED' && f.notified === 'OUTBOX')).toBe(true);
    const records = big.ledger.filter((r) => r.outcome === 'PLANNED').map((r) => String(r.findingId));
    expect(new Set(records).size).toBe(500);
    expect(records).toHaveLength(500);
  });

  it('ends every finding as sweeping the same resources in small slices does', async () => {
    const sliced: string[] = [];
    const size = Math.ceil(items.length / SLICES);
    for (let i = 0; i < SLICES; i++) {
      const run = await runLocalSweep({
        items: items.slice(i * size, (i + 1) * size),
        accounts,
        request: { dryRun: true },
        now: NOW,
        workflows: uncapped,
      });
      expect(run.execution.status).toBe('SUCCEEDED');
      sliced.push(...outcomes(run.report as Report));
    }
    expect(outcomes(big.report as Report).sort()).toEqual(sliced.sort());
  }, 120_000);
});
