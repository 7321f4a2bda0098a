/**
 * `Summarize` and the blast-radius cap (issue 14 item 8): one operator message per sweep naming
 * every account and rule whose remediations a cap held back — those held in `Check exemptions`
 * (stored as NOTIFY / SKIPPED_CAP) and those `Remediate` held back (its outcome) — and a refused
 * message is stated in the report, never fatal.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import type { Notification } from '../../../tasks/shared/model';
import type { Report } from '../../../tasks/shared/report';
import { createSummarize } from '../../../tasks/summarize/summarize';
import { exportAccountResults, storeInvalidItems } from '../../support/account-results';
import { bucketFinding, SWEEP } from '../../support/sweep-fixtures';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);
beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(QueryCommand).resolves({ Items: [] });
  ddbMock.on(ScanCommand).resolves({ Items: [] });
});

const ruleCap = { scope: 'rule', limit: 'at most 1', wanted: 2, evaluated: 4 } as const;
const heldInCheck = (name: string) => ({
  ...bucketFinding(name),
  decision: 'NOTIFY',
  decisionReason: 'held back by the blast-radius cap: …',
  remediation: { outcome: 'SKIPPED_CAP', apiCalls: bucketFinding(name).plan, cap: ruleCap },
});

async function summarize(publish: (n: Notification) => Promise<unknown>) {
  const store = new MemoryObjectStore();
  await store.putJson('decisions/111111111111.json', [
    heldInCheck('a'),
    heldInCheck('b'),
    { ...bucketFinding('c'), decision: 'REMEDIATE', decisionReason: 'mode is remediate' },
  ]);
  const page = 'outcomes/s-1/111111111111/us-east-1/0.json';
  await store.putJson(page, [
    {
      findingId: 'f-c',
      decision: 'NOTIFY',
      decisionReason: 'held back by the blast-radius cap: this sweep already has its 3 remediations',
      subject: 's',
      remediation: { outcome: 'SKIPPED_CAP', cap: { scope: 'sweep', limit: 'at most 3 per sweep' } },
      notified: { status: 'SENT' },
      ledger: { status: 'WRITTEN' },
    },
  ]);
  const accountResults = await exportAccountResults(store, [
    {
      accountId: '111111111111',
      alias: 'payments-prod',
      status: 'OK',
      inventory: { resourceCount: 4, regionErrors: [] },
      evaluation: {
        resourcesEvaluated: 4,
        counts: { 's3-bucket-encryption': { COMPLIANT: 1, NON_COMPLIANT: 3, NOT_APPLICABLE: 0, ERROR: 0 } },
      },
      decisions: { decisionsRef: 'decisions/111111111111.json', exemptionLookupError: null },
      outcomes: [[{ outcomesRef: page, count: 1 }]],
    },
  ]);
  const sent: Notification[] = [];
  const run = createSummarize({
    store,
    ddb,
    ledgerTable: 'Ledger',
    exemptionsTable: 'Exemptions',
    publish: async (n) => {
      sent.push(n);
      return publish(n) as never;
    },
    now: () => new Date('2026-11-22T06:00:00Z'),
  });
  const out = await run({ sweep: SWEEP, accountResults, ...(await storeInvalidItems(store, SWEEP.sweepId)) });
  return { report: await store.getJson<Report>(out.reportRef), markdown: store.getText(out.markdownRef), sent };
}

describe('Summarize: the blast-radius cap', () => {
  it('tells operators once, with each cap, rule, account and count; the report lists them', async () => {
    const { report, sent, markdown } = await summarize(async () => ({ messageId: 'm-1' }));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe(
      `[HIGH] Warden blast-radius cap hit: 3 remediation(s) held back in ${SWEEP.executionName}`,
    );
    expect(sent[0]?.message).toContain(
      's3-bucket-encryption in payments-prod (111111111111): 2 held back by the per-rule cap',
    );
    expect(sent[0]?.message).toContain(
      's3-bucket-encryption in payments-prod (111111111111): 1 held back by the per-sweep cap',
    );
    expect(sent[0]?.attributes).toMatchObject({ kind: 'blast-radius-cap', accountId: '111111111111' });
    expect(report.blastRadius.heldBack.map((g) => [g.scope, g.heldBack])).toEqual([
      ['rule', 2],
      ['sweep', 1],
    ]);
    expect(report.blastRadius.notice).toEqual({ subject: sent[0]?.subject, status: 'SENT' });
    expect(report.notifications.map((n) => n.subject)).toContain(sent[0]?.subject);
    // Held back in Check exemptions: NOTIFY, with the calls that were not sent.
    const a = report.findings.find((f) => f.resourceId === 'a');
    expect(a).toMatchObject({
      decision: 'NOTIFY',
      remediation: { outcome: 'SKIPPED_CAP', apiCalls: bucketFinding('a').plan },
    });
    expect(report.findings.find((f) => f.resourceId === 'c')).toMatchObject({
      decision: 'NOTIFY',
      remediation: { outcome: 'SKIPPED_CAP' },
    });
    expect(markdown).toContain('## Held back by the blast-radius cap (3)');
  });

  it('a message SNS refuses is stated in the report; the sweep still reports', async () => {
    const { report } = await summarize(async () => {
      throw Object.assign(new Error('topic gone'), { name: 'NotFoundException' });
    });
    expect(report.blastRadius.notice).toMatchObject({ status: 'FAILED', error: expect.stringContaining('topic gone') });
    expect(report.notifications.map((n) => n.subject)).not.toContain(report.blastRadius.notice?.subject);
  });
});
