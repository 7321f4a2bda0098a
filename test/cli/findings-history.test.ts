/**
 * Findings over time (cli/findings-history.ts, issue 20 item 17): the pure comparison of a sweep with
 * the previous findings index of its source, and two `warden sweep`s with the same WARDEN_HOME on an
 * estate that changed in between (a bucket deleted, one added): the second reports the right new and
 * resolved findings, keeps firstSeen from the first, and says so in the summary line, report.md and
 * report.json. A FAILED sweep, a `--remote` one and a damaged index leave the index as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { compareWithIndex, type FindingsIndex } from '../../cli/findings-history';
import { runCli } from '../../cli/main';
import type { Report, ReportFinding } from '../../tasks/shared/report';

const control = vi.hoisted(() => ({ failNext: false }));

// The real local sweep; a test can make the next one end FAILED (as an incomplete ledger does).
vi.mock('../../local/run-sweep', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../local/run-sweep')>();
  return {
    ...actual,
    runLocalSweep: async (...args: Parameters<typeof actual.runLocalSweep>) => {
      const result = await actual.runLocalSweep(...args);
      if (!control.failNext) return result;
      control.failNext = false;
      return {
        ...result,
        execution: { ...result.execution, status: 'FAILED', error: 'LedgerIncomplete', cause: 'test' },
      };
    },
  };
});

// --remote: the deployed sweep, answered without AWS.
vi.mock('../../cli/remote/sweep', () => ({ remoteSweep: async () => 0 }));

function finding(id: string, accountId: string, ruleId = 's3-bucket-encryption'): ReportFinding {
  return {
    findingId: id,
    ruleId,
    severity: 'HIGH',
    accountId,
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: id,
    arn: `arn:aws:s3:::${id}`,
    status: 'NON_COMPLIANT',
    decision: 'NOTIFY',
    decisionReason: 'mode is notify',
    message: 'not encrypted',
    notified: 'OUTBOX',
  };
}

function report(findings: ReportFinding[], unreachable: string[] = []): Report {
  return {
    counts: { 's3-bucket-encryption': { COMPLIANT: 0, NON_COMPLIANT: findings.length, NOT_APPLICABLE: 0, ERROR: 0 } },
    accounts: ['111111111111', '222222222222'].map((accountId) =>
      unreachable.includes(accountId)
        ? { accountId, alias: accountId, status: 'UNREACHABLE' as const, error: 'no role' }
        : { accountId, alias: accountId, status: 'OK' as const },
    ),
    findings,
  } as unknown as Report;
}

describe('compareWithIndex', () => {
  const run = (at: string) => ({ source: 'snapshot:/x', execution: `sweep-${at}`, at });

  it('the first sweep: every finding first seen now, nothing resolved, and the index to keep', () => {
    const since = compareWithIndex(undefined, report([finding('a', '111111111111')]), run('2026-12-01T00:00:00.000Z'));
    expect(since.previous).toBeNull();
    expect(since.new).toBe(1);
    expect(since.resolved).toEqual([]);
    expect(since.seen.get('a')).toEqual({
      firstSeen: '2026-12-01T00:00:00.000Z',
      lastSeen: '2026-12-01T00:00:00.000Z',
      new: true,
    });
    expect(since.next).toMatchObject({ version: 1, execution: 'sweep-2026-12-01T00:00:00.000Z' });
    expect(Object.keys(since.next.findings)).toEqual(['a']);
  });

  it('keeps firstSeen, counts the new, resolves only what it looked for again', () => {
    const first = compareWithIndex(
      undefined,
      report([finding('kept', '111111111111'), finding('gone', '111111111111'), finding('away', '222222222222')]),
      run('2026-12-01T00:00:00.000Z'),
    ).next;
    // 222… unreachable now: its finding is neither resolved nor forgotten.
    const since = compareWithIndex(
      first,
      report([finding('kept', '111111111111'), finding('fresh', '111111111111')], ['222222222222']),
      run('2026-12-02T00:00:00.000Z'),
    );
    expect(since.previous).toEqual({ execution: 'sweep-2026-12-01T00:00:00.000Z', at: '2026-12-01T00:00:00.000Z' });
    expect(since.new).toBe(1);
    expect(since.seen.get('kept')).toEqual({
      firstSeen: '2026-12-01T00:00:00.000Z',
      lastSeen: '2026-12-02T00:00:00.000Z',
      new: false,
    });
    expect(since.seen.get('fresh')?.new).toBe(true);
    expect(since.resolved.map((f) => f.findingId)).toEqual(['gone']);
    expect(Object.keys(since.next.findings).sort()).toEqual(['away', 'fresh', 'kept']);
    expect(since.next.findings.away?.lastSeen).toBe('2026-12-01T00:00:00.000Z');
  });

  it('does not resolve the findings of a rule this sweep did not run (--rules)', () => {
    const first = compareWithIndex(
      undefined,
      report([finding('other', '111111111111', 's3-bucket-versioning')]),
      run('2026-12-01T00:00:00.000Z'),
    ).next;
    const since = compareWithIndex(first, report([]), run('2026-12-02T00:00:00.000Z'));
    expect(since.resolved).toEqual([]);
    expect(Object.keys(since.next.findings)).toEqual(['other']);
  });
});

/** One account's Config snapshot holding these buckets, all unencrypted and public. */
function estate(root: string, buckets: readonly string[]): void {
  const dir = join(root, 'AWSLogs/555555555555/Config/us-west-2/2026/11/21/ConfigSnapshot');
  rmSync(join(root, 'AWSLogs'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const configurationItems = buckets.map((name) => ({
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-21T06:00:00.000Z',
    configurationItemStatus: 'OK',
    awsAccountId: '555555555555',
    awsRegion: 'us-west-2',
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    ARN: `arn:aws:s3:::${name}`,
    configuration: { name },
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  }));
  writeFileSync(
    join(dir, '555555555555_Config_us-west-2_ConfigSnapshot_20261121T060000Z_x.json'),
    JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'c0ffee', configurationItems }),
  );
  writeFileSync(join(root, 'accounts.json'), JSON.stringify([{ accountId: '555555555555', alias: 'team-west' }]));
  writeFileSync(join(root, 'exemptions.json'), '[]');
}

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

interface JsonFinding {
  findingId: string;
  resourceId: string;
  firstSeen: string;
  lastSeen: string;
  new: boolean;
}

describe('warden sweep: findings over time', () => {
  let home: string;
  let root: string;
  const history = () => join(home, 'history');
  const indexFiles = () =>
    existsSync(history()) ? readdirSync(history()).map((d) => join(history(), d, 'findings.json')) : [];

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'warden-home-'));
    process.env.WARDEN_HOME = home;
    root = mkdtempSync(join(tmpdir(), 'warden-estate-'));
  });

  it('the second sweep of a changed estate: new and resolved counted, firstSeen kept from the first', async () => {
    estate(root, ['team-raw', 'team-old']);
    const first = await cli('sweep', '--snapshot', root, '--json');
    expect(first.code).toBe(0);
    const one = JSON.parse(first.stdout);
    expect(one.sinceLastSweep).toMatchObject({ previousExecution: null, new: one.findings.length, resolved: 0 });
    expect(one.findings.every((f: JsonFinding) => f.new && f.firstSeen === f.lastSeen)).toBe(true);

    estate(root, ['team-raw', 'team-new']); // team-old deleted, team-new created
    const out = join(mkdtempSync(join(tmpdir(), 'warden-out-')), 'out');
    const second = await cli('sweep', '--snapshot', root, '--report', out);
    expect(second.code).toBe(0);
    const two = JSON.parse(readFileSync(join(out, 'report.json'), 'utf-8'));
    const ids = (r: { findings: JsonFinding[] }, bucket: string) =>
      r.findings.filter((f) => f.resourceId === bucket).map((f) => f.findingId);
    const fresh = ids(two, 'team-new');
    const resolved = ids(one, 'team-old');
    expect(fresh.length).toBeGreaterThan(0);
    expect(resolved.length).toBeGreaterThan(0);
    expect(two.sinceLastSweep).toMatchObject({
      previousExecution: one.execution.name,
      new: fresh.length,
      resolved: resolved.length,
    });
    expect(two.sinceLastSweep.resolvedFindings.map((f: { findingId: string }) => f.findingId).sort()).toEqual(
      resolved.sort(),
    );
    const firstSeen = new Map(one.findings.map((f: JsonFinding) => [f.findingId, f.firstSeen]));
    for (const f of two.findings as JsonFinding[]) {
      if (f.resourceId === 'team-raw') {
        expect(f).toMatchObject({ new: false, firstSeen: firstSeen.get(f.findingId) });
        expect(f.lastSeen > f.firstSeen).toBe(true);
      } else expect(f).toMatchObject({ new: true, firstSeen: f.lastSeen });
    }
    expect(second.stdout).toContain(
      `Since the last sweep (${one.execution.name}, ${two.sinceLastSweep.previousAt}): ${fresh.length} new, ${resolved.length} resolved\n`,
    );
    const md = readFileSync(join(out, 'report.md'), 'utf-8');
    expect(md).toContain(`### New (${fresh.length})`);
    expect(md).toContain(`### Resolved (${resolved.length})`);
    expect(md).toMatch(/\| team-old \|/);
    const html = readFileSync(join(out, 'index.html'), 'utf-8');
    expect(html).toContain(`<span id="new-count" title="since ${one.execution.name}`);
    expect(html).toContain('<select id="filter-new">');
  }, 120_000);

  it('a FAILED sweep and a --remote one leave the index as it was', async () => {
    estate(root, ['team-raw']);
    expect((await cli('sweep', '--snapshot', root, '--json')).code).toBe(0);
    const [file] = indexFiles();
    if (file === undefined) throw new Error('the first sweep wrote no index');
    const before = readFileSync(file, 'utf-8');

    estate(root, ['team-new']);
    control.failNext = true;
    const failed = await cli('sweep', '--snapshot', root, '--json');
    expect(failed.code).toBe(1);
    // The FAILED run still reports against the index, but does not move it on.
    expect(JSON.parse(failed.stdout).sinceLastSweep.new).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf-8')).toBe(before);

    expect((await cli('sweep', '--remote')).code).toBe(0);
    expect(indexFiles()).toEqual([file]);
    expect(readFileSync(file, 'utf-8')).toBe(before);
  }, 120_000);

  it('a damaged index stops the sweep before it runs and is kept as it was', async () => {
    estate(root, ['team-raw']);
    expect((await cli('sweep', '--snapshot', root, '--json')).code).toBe(0);
    const [file] = indexFiles();
    if (file === undefined) throw new Error('the first sweep wrote no index');
    writeFileSync(file, '{"version": 1, "findings": ');
    const damaged = await cli('sweep', '--snapshot', root);
    expect(damaged.code).not.toBe(0);
    expect(damaged.stderr).toContain('is not a Warden findings index');
    expect(damaged.stdout).toBe('');
    expect(readFileSync(file, 'utf-8')).toBe('{"version": 1, "findings": ');
  }, 120_000);

  it('keeps one index per source: another snapshot folder starts its own history', async () => {
    estate(root, ['team-raw']);
    const other = mkdtempSync(join(tmpdir(), 'warden-estate-'));
    estate(other, ['team-raw']);
    expect((await cli('sweep', '--snapshot', root, '--json')).code).toBe(0);
    const again = JSON.parse((await cli('sweep', '--snapshot', other, '--json')).stdout);
    expect(again.sinceLastSweep.previousExecution).toBeNull();
    expect(indexFiles()).toHaveLength(2);
    const index: FindingsIndex = JSON.parse(readFileSync(indexFiles()[0] ?? '', 'utf-8'));
    expect(index.version).toBe(1);
  }, 120_000);
});
