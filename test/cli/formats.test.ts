/**
 * `--format ocsf|asff|csv` of `warden sweep` and `warden event` on the bundled sample estate: the
 * documents validate against their schemas (OCSF 1.8.0 generated from the upstream release; ASFF's
 * required fields and limits), ASFF ids are stable across runs, CSV parses back row for row.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import { AsffFindingSchema } from '../../tasks/shared/formats/asff-schema';
import { ocsfErrors } from '../support/formats';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

interface Finding {
  readonly findingId: string;
  readonly decision: string;
}

let report: { findings: Finding[] };

beforeAll(async () => {
  const { code, stdout } = await cli('sweep', '--format', 'json');
  expect(code).toBe(0);
  report = JSON.parse(stdout);
  expect(report.findings.length).toBeGreaterThan(100);
});

describe('warden sweep --format', () => {
  it('ocsf: one valid OCSF Compliance Finding per finding of the report', async () => {
    const { code, stdout, stderr } = await cli('sweep', '--format', 'ocsf');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const events = JSON.parse(stdout) as Record<string, unknown>[];
    expect(events).toHaveLength(report.findings.length);
    expect(
      events.flatMap((e) => ocsfErrors(e).map((error) => `${e.class_uid}: ${error.instancePath} ${error.message}`)),
    ).toEqual([]);
    expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([2003]));
    expect(events.filter((e) => e.status === 'Suppressed')).toHaveLength(
      report.findings.filter((f) => f.decision === 'EXEMPT').length,
    );
  });

  it('asff: valid Security Hub findings whose ids are the same in two runs', async () => {
    const first = await cli('sweep', '--format', 'asff');
    const second = await cli('sweep', '--format', 'asff');
    expect([first.code, second.code]).toEqual([0, 0]);
    const [a, b] = [first, second].map((run) => JSON.parse(run.stdout) as Record<string, unknown>[]) as [
      Record<string, unknown>[],
      Record<string, unknown>[],
    ];
    expect(a).toHaveLength(report.findings.length);
    expect(a.flatMap((f) => AsffFindingSchema.strict().safeParse(f).error?.issues ?? [])).toEqual([]);
    const ids = (findings: Record<string, unknown>[]) => findings.map((f) => f.Id).sort();
    expect(ids(b)).toEqual(ids(a));
    expect(new Set(ids(a)).size).toBe(a.length);
    expect(
      a.filter((f) => (f.Workflow as { Status: string }).Status === 'SUPPRESSED').every((f) => f.Note !== undefined),
    ).toBe(true);
  });

  it('csv with --report: findings.csv parses back with a row per finding, and a formula in an exemption reason is defused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-csv-'));
    const exemptions = JSON.parse(readFileSync('examples/estate/exemptions.json', 'utf-8')) as { reason: string }[];
    (exemptions[0] as { reason: string }).reason = '=HYPERLINK("https://evil.example","click")';
    const file = join(dir, 'exemptions.json');
    writeFileSync(file, JSON.stringify(exemptions));
    const { code, stdout } = await cli('sweep', '--format', 'csv', '--exemptions', file, '--report', join(dir, 'out'));
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'findings.csv'), 'utf-8')).toBe(stdout);
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(report.findings.length);
    const reasons = rows.map((r) => r.exemptionReason).filter((r) => r !== '');
    expect(reasons).toContain('\'=HYPERLINK("https://evil.example","click")');
    expect(reasons.every((r) => !/^[=+\-@]/.test(r ?? ''))).toBe(true);
  });

  it('--json is --format json; --json with another format is a usage error', async () => {
    const both = await cli('sweep', '--json', '--format', 'csv');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json is --format json');
    const remote = await cli('sweep', '--remote', '--format', 'ocsf');
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--format ocsf goes with a local sweep');
  });
});

describe('warden event --format', () => {
  it('ocsf: an event rule match is a valid Detection Finding; asff a valid finding without Compliance', async () => {
    const ocsf = await cli('event', 'test/fixtures/events/console-login-failure.json', '--format', 'ocsf');
    expect(ocsf.code).toBe(0);
    const [detection] = JSON.parse(ocsf.stdout) as Record<string, unknown>[];
    expect(ocsfErrors(detection)).toEqual([]);
    expect(detection).toMatchObject({ class_uid: 2004, finding_info: { analytic: { uid: 'console-login-failure' } } });
    const asff = await cli('event', 'test/fixtures/events/console-login-failure.json', '--format', 'asff');
    const [finding] = JSON.parse(asff.stdout) as Record<string, unknown>[];
    expect(AsffFindingSchema.strict().safeParse(finding).error?.issues).toBeUndefined();
    expect(finding).not.toHaveProperty('Compliance');
  });

  it('a resource finding of an event is a Compliance Finding', async () => {
    const { code, stdout } = await cli(
      'event',
      'test/fixtures/events/delete-bucket-encryption.json',
      '--format',
      'ocsf',
    );
    expect(code).toBe(0);
    const events = JSON.parse(stdout) as Record<string, unknown>[];
    expect(events.map((e) => e.class_uid)).toContain(2003);
    expect(events.flatMap((e) => ocsfErrors(e))).toEqual([]);
  });
});
