/**
 * Selection and gating on `warden sweep` and `warden event` (issue 20 item 15): `--account`,
 * `--exclude-account`, `--severity`, and `--fail-on SEVERITY` (exit 3 while un-exempted findings at
 * or above it remain), on the bundled sample estate.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import { SEVERITIES } from '../../tasks/shared/model';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

interface Finding {
  readonly accountId: string;
  readonly severity: string;
  readonly decision: string;
}

const rank = (severity: string) => SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);

beforeAll(() => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
});

describe('warden sweep --fail-on', () => {
  it('exits 3 with one line counting the un-exempted findings at or above it; stdout is still the JSON', async () => {
    const { code, stdout, stderr } = await cli('sweep', '--fail-on', 'HIGH', '--json');
    expect(code).toBe(3);
    const findings: Finding[] = JSON.parse(stdout).findings;
    const failing = findings.filter((f) => f.decision !== 'EXEMPT' && rank(f.severity) <= rank('HIGH'));
    expect(failing.length).toBeGreaterThan(0);
    expect(stderr).toBe(`warden: --fail-on HIGH: ${failing.length} finding(s) at HIGH or above are not exempted\n`);
  });

  it('never counts an EXEMPT finding, and exits 0 when nothing at or above the threshold remains', async () => {
    const scoped = ['sweep', '--rules', 's3-bucket-encryption', '--account', '222222222222'];
    const high = await cli(...scoped, '--fail-on', 'high', '--json');
    const findings: Finding[] = JSON.parse(high.stdout).findings;
    expect(findings.filter((f) => f.decision === 'EXEMPT')).toHaveLength(3);
    expect(high.code).toBe(3);
    expect(high.stderr).toContain(': 1 finding(s) at HIGH or above');
    expect((await cli(...scoped, '--fail-on', 'CRITICAL')).code).toBe(0);
  });

  it('refuses a severity that is not one, and goes with a local sweep only', async () => {
    const bad = await cli('sweep', '--fail-on', 'SEVERE');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on <severity>' argument 'SEVERE' is invalid\. must be one of CRITICAL, HIGH/);
    const remote = await cli('sweep', '--remote', '--fail-on', 'HIGH');
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--fail-on goes with a local sweep');
  });
});

describe('warden sweep --account / --exclude-account / --severity', () => {
  it('--account sweeps only those accounts; the rest of the snapshot is counted as not selected', async () => {
    const report = JSON.parse((await cli('sweep', '--account', '111111111111,333333333333', '--json')).stdout);
    expect(report.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['111111111111', '333333333333']);
    expect(new Set(report.findings.map((f: Finding) => f.accountId))).toEqual(
      new Set(['111111111111', '333333333333']),
    );
    expect(report.notSwept).toContainEqual(
      expect.objectContaining({ accountId: '222222222222', reason: 'account not selected for this sweep' }),
    );
  });

  it('--exclude-account sweeps every other account', async () => {
    const report = JSON.parse((await cli('sweep', '--exclude-account', '444444444444', '--json')).stdout);
    expect(report.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);
  });

  it.each([
    [['--account', '999999999999'], /account 999999999999 is not among the accounts of this sweep/],
    [['--account', 'prod'], /--account needs 12-digit account ids/],
    [['--exclude-account', '111111111111,222222222222,333333333333,444444444444'], /no account left to sweep/],
  ])('%j is a one-line usage error', async (flags, message) => {
    const { code, stdout, stderr } = await cli('sweep', ...flags);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--severity shows and reports only findings at or above it; counts keep every evaluation', async () => {
    const all = JSON.parse((await cli('sweep', '--json')).stdout);
    const high = JSON.parse((await cli('sweep', '--severity', 'HIGH', '--json')).stdout);
    const expected = all.findings.filter((f: Finding) => rank(f.severity) <= rank('HIGH'));
    expect(high.findings.map((f: { findingId: string }) => f.findingId)).toEqual(
      expected.map((f: { findingId: string }) => f.findingId),
    );
    expect(high.findings.length).toBeLessThan(all.findings.length);
    expect(high.counts).toEqual(all.counts);
    const text = await cli('sweep', '--severity', 'HIGH');
    expect(text.stdout).toContain(
      `${all.findings.length - expected.length} finding(s) below HIGH not shown (--severity)`,
    );
    expect(text.stdout).not.toMatch(/ec2-instance-required-tags +\d{12}\//);
  });
});

describe('warden event --fail-on', () => {
  it('weighs the event-only rules’ results: a failed sign-in (MEDIUM) trips MEDIUM, not HIGH', async () => {
    const event = 'test/fixtures/events/console-login-failure.json';
    const medium = await cli('event', event, '--fail-on', 'MEDIUM');
    expect(medium.code).toBe(3);
    expect(medium.stderr).toBe('warden: --fail-on MEDIUM: 1 finding(s) at MEDIUM or above are not exempted\n');
    expect((await cli('event', event, '--fail-on', 'HIGH')).code).toBe(0);
  });
});
