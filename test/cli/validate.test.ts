/** `warden validate` as a user runs it: every problem of the config, accounts and exemptions, offline. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';

async function warden(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'warden-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('warden validate (issue 20 item 14)', () => {
  it("the repository's own cdk.json and the sample accounts are valid; the sample exemptions' planted problems are listed", async () => {
    const { code, stdout, stderr } = await warden(
      'validate',
      '--accounts',
      'examples/estate/accounts.json',
      '--exemptions',
      'examples/estate/exemptions.json',
    );
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout).toMatch(/^ok {4}.*cdk\.json: \d+ of \d+ rules enabled$/m);
    expect(stdout).toContain('ok    examples/estate/accounts.json: 4 accounts');
    expect(stdout).toContain('FAIL  examples/estate/exemptions.json: 4 items');
    expect(stdout).toContain('error: ex-sandbox-tags-unapproved: approvedBy: required, non-empty');
    expect(stdout).toContain('warning: ex-payments-exports-2017: expired on 2025-01-01T00:00:00Z: matches nothing');
    expect(stdout).toMatch(/\n1 error, \d+ warnings\n$/);
  });

  it('lists every problem of a config, not only the first: bad parameters, unknown rules, bad and unknown context keys', async () => {
    const config = file('cdk.json', {
      app: 'x',
      context: {
        warden: {
          rules: {
            'rds-instance-backups': { parameters: { minRetentionDays: 99 } },
            's3-bucket-encrypton': { mode: 'notify' },
          },
          defaultRegions: ['mars-1'],
        },
        'warden:scheduledMode': 'everything',
        'warden:slackMinimumSeverity': 'LOUD',
        'warden:scheduleMode': 'audit',
      },
    });
    const { code, stdout } = await warden('validate', '--config', config, '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; files: { problems: { at: string; level: string }[] }[] };
    expect(report.valid).toBe(false);
    const at = report.files[0]?.problems.map((p) => `${p.level} ${p.at}`) ?? [];
    expect(at).toEqual(
      expect.arrayContaining(['error warden.defaultRegions.0', 'error context', 'warning warden:scheduleMode']),
    );
    expect(at.filter((a) => a === 'error context')).toHaveLength(2);
  });

  it('checks the owner routing keys: ownerTagKey, stackOwners and immediateSeverity (issue 20 item 10)', async () => {
    const bad = file('owners-bad.json', {
      context: {
        warden: { ownerTagKey: '', stackOwners: { 'payments-core': 'unassigned' }, immediateSeverity: 'URGENT' },
      },
    });
    const { code, stdout } = await warden('validate', '--config', bad, '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { files: { problems: { at: string; problem: string }[] }[] };
    expect(report.files[0]?.problems.map((p) => p.at).sort()).toEqual([
      'warden.immediateSeverity',
      'warden.ownerTagKey',
      'warden.stackOwners.payments-core',
    ]);
    expect(report.files[0]?.problems.find((p) => p.at === 'warden.stackOwners.payments-core')?.problem).toMatch(
      /placeholder owner/,
    );

    const good = file('owners-good.json', {
      context: {
        warden: {
          ownerTagKey: 'team',
          stackOwners: { 'payments-core': 'payments@example.com' },
          immediateSeverity: 'HIGH',
        },
      },
    });
    expect((await warden('validate', '--config', good)).code).toBe(0);
  });

  it('rule parameters and unknown rule ids are checked once the config parses', async () => {
    const config = file('rules.json', {
      context: {
        warden: {
          rules: {
            'rds-instance-backups': { parameters: { minRetentionDays: 99 } },
            's3-bucket-encrypton': { mode: 'notify' },
          },
        },
      },
    });
    const { code, stdout } = await warden('validate', '--config', config);
    expect(code).toBe(1);
    expect(stdout).toContain('error: warden.rules.rds-instance-backups.parameters: minRetentionDays:');
    expect(stdout).toContain('error: warden.rules.s3-bucket-encrypton: no such rule (warden rules lists them)');
  });

  it('a valid config and accounts file: exit 0; every bad account listed; an unreadable file exits 2', async () => {
    const config = file('ok.json', { context: { warden: { defaultRegions: ['eu-west-1'] } } });
    const accounts = file('accounts.json', [{ accountId: '111111111111', alias: 'a' }]);
    expect((await warden('validate', '--config', config, '--accounts', accounts)).code).toBe(0);
    const bad = file('bad-accounts.json', [
      { accountId: '111111111111', alias: 'a' },
      { accountId: '111111111111', alias: 'b' },
      { accountId: '12', alias: 'c', mode: 'loud' },
    ]);
    const result = await warden('validate', '--config', config, '--accounts', bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('error: [2.accountId]');
    expect(result.stdout).toContain('error: [2.mode]');
    const missing = await warden('validate', '--config', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read config file');
  });
});
