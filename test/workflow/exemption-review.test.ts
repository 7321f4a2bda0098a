/**
 * The exemption review through the synthesized SweepStateMachine (issue 5, item 4): the report lists
 * exemptions expiring within 7 days (each requester reminded on the topic), stale ones, and invalid
 * items; a refused reminder is stated in the report, never loses it (an unreadable table: the
 * Summarize unit test).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import type { ConfigurationItem } from '../../tasks/shared/model';
import { accounts, exemptions as estateExemptions, estateItems, NOW } from '../support/sample-estate';

/** The legacy-logs glob, renewed to expire in 3 days; and an exemption for a bucket that does not exist. */
const exemptions = [
  ...estateExemptions.map((e) =>
    e.exemptionId === 'ex-legacy-logs' ? { ...e, expiresAt: '2026-11-25T06:00:00Z' } : e,
  ),
  {
    exemptionId: 'ex-gone-bucket',
    ruleId: 's3-bucket-encryption',
    accountId: '111111111111',
    region: '*',
    resource: 'arn:aws:s3:::deleted-long-ago',
    effect: 'SUPPRESS',
    reason: 'Bucket kept for a migration that finished.',
    requestedBy: 'payments-platform@example.com',
    approvedBy: 'security-office@example.com',
    expiresAt: '2030-01-01T00:00:00Z',
  },
];

let items: ConfigurationItem[];
let run: LocalSweepResult;

beforeAll(async () => {
  items = await estateItems();
  run = await runLocalSweep({ items, accounts, exemptions, request: { dryRun: true }, now: NOW });
});

describe('the exemption review of a sweep', () => {
  it('lists the exemption expiring within 7 days and reminds its requester on the topic', () => {
    const review = run.report?.exemptions;
    expect(review?.expiringSoon.map((e) => [e.exemptionId, e.daysLeft, e.requestedBy])).toEqual([
      ['ex-legacy-logs', 3, 'data-engineering@example.com'],
    ]);
    expect(review?.reminders).toEqual([
      {
        exemptionId: 'ex-legacy-logs',
        requestedBy: 'data-engineering@example.com',
        subject: '[Warden] Exemption ex-legacy-logs expires in 3 days',
        sent: true,
      },
    ]);
    const reminder = run.published.find((m) => m.state === 'Summarize');
    expect(reminder?.MessageAttributes?.requestedBy).toEqual({
      DataType: 'String',
      StringValue: 'data-engineering@example.com',
    });
    expect(reminder?.MessageAttributes?.kind?.StringValue).toBe('exemption-expiring');
  });

  it('calls an exemption that exempted nothing stale, and not the ones that matched', () => {
    const stale = run.report?.exemptions.stale.map((e) => e.exemptionId) ?? [];
    expect(stale).toContain('ex-gone-bucket');
    expect(stale).not.toContain('ex-legacy-logs');
    expect(stale).not.toContain('ex-etl-runner-notify-only');
  });

  it('still lists the invalid items, and the Markdown report has the sections', () => {
    expect(run.report?.exemptionProblems.map((p) => p.exemptionId)).toContain('ex-sandbox-tags-unapproved');
    expect(run.markdown).toContain('## Exemptions expiring within 7 days (1)');
    expect(run.markdown).toMatch(/\| ex-legacy-logs \| s3-bucket-encryption \| 222222222222 \| .* \| sent \|/);
    expect(run.markdown).toContain('## Stale exemptions: matched nothing in this sweep');
    expect(run.markdown).toContain('## Exemption items that never match');
  });

  it('a reminder SNS refuses is reported as not sent; the sweep and its report complete', async () => {
    const refused = await runLocalSweep({
      items,
      accounts,
      exemptions,
      request: { dryRun: true },
      now: NOW,
      onPublish: (m) => {
        if (m.state === 'Summarize') throw Object.assign(new Error('Rate exceeded'), { name: 'Throttled' });
      },
    });
    expect(refused.execution.status).toBe('SUCCEEDED');
    expect(refused.report?.exemptions.reminders).toEqual([
      expect.objectContaining({
        exemptionId: 'ex-legacy-logs',
        sent: false,
        error: expect.stringContaining('Rate exceeded'),
      }),
    ]);
    expect(refused.markdown).toMatch(/\| ex-legacy-logs .*\| FAILED: .*Rate exceeded.* \|/);
  });
});
