/**
 * `expiredExemptions` (cli/expired-exemptions.ts): the expired items of a sweep by name, for the
 * report's `exemptions.expiredItems` and the HTML report, and the bundled estate's expired one in
 * the `--json` report of `warden sweep`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expiredExemptions } from '../../cli/expired-exemptions';
import { runCli } from '../../cli/main';

const item = (exemptionId: string, expiresAt: string, extra: Record<string, unknown> = {}) => ({
  exemptionId,
  ruleId: 's3-bucket-encryption',
  accountId: '111111111111',
  region: '*',
  resource: 'arn:aws:s3:::legacy-*',
  effect: 'SUPPRESS',
  reason: 'migrating',
  requestedBy: 'alice@example.com',
  approvedBy: 'bob@example.com',
  expiresAt,
  ...extra,
});

describe('expiredExemptions', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('names the valid items whose expiry has passed (at expiresAt it has expired), latest first', () => {
    const expired = expiredExemptions(
      [
        item('ex-active', '2027-01-01T00:00:00Z'),
        item('ex-old', '2025-01-01T00:00:00Z', { tags: { team: 'data' }, ticket: 'SEC-1' }),
        item('ex-now', '2026-12-01T00:00:00Z'),
        { exemptionId: 'ex-broken', ruleId: 's3-bucket-encryption', expiresAt: '2020-01-01T00:00:00Z' },
        item('ex-old', '2024-01-01T00:00:00Z', { approvedBy: 'someone-else' }),
      ],
      now,
    );
    expect(expired.map((e) => e.exemptionId)).toEqual(['ex-now', 'ex-old']);
    expect(expired[1]).toEqual({
      exemptionId: 'ex-old',
      ruleId: 's3-bucket-encryption',
      accountId: '111111111111',
      region: '*',
      resource: 'arn:aws:s3:::legacy-*',
      tags: { team: 'data' },
      effect: 'SUPPRESS',
      requestedBy: 'alice@example.com',
      approvedBy: 'bob@example.com',
      ticket: 'SEC-1',
      expiresAt: '2025-01-01T00:00:00Z',
    });
  });

  it('is in the --json report of a sweep of the bundled estate', async () => {
    process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
    let stdout = '';
    const code = await runCli(['sweep', '--json'], { stdout: (s) => (stdout += s), stderr: () => undefined });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.exemptions.expired).toBe(1);
    expect(report.exemptions.expiredItems).toEqual([
      expect.objectContaining({ exemptionId: 'ex-payments-exports-2017', expiresAt: '2025-01-01T00:00:00Z' }),
    ]);
    expect(report).toMatchObject({ mode: 'remediate', dryRun: true });
  }, 60_000);
});
