/**
 * `Summarize` with its dependencies failing: an Exemptions table it cannot read for the review is
 * stated in the report (nothing called stale or expiring), and the report is still written.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import type { Report } from '../../../tasks/shared/report';
import { createSummarize } from '../../../tasks/summarize/summarize';
import { exportAccountResults, storeInvalidItems } from '../../support/account-results';
import { bucketFinding, SWEEP } from '../../support/sweep-fixtures';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);
beforeEach(() => ddbMock.reset());

const exemption = {
  exemptionId: 'ex-soon',
  ruleId: 's3-bucket-encryption',
  accountId: '111111111111',
  region: '*',
  resource: 'arn:aws:s3:::a',
  effect: 'SUPPRESS',
  reason: 'r',
  requestedBy: 'alice@example.com',
  approvedBy: 'sec@example.com',
  expiresAt: '2026-11-24T06:00:00Z',
};

/**
 * One account swept OK, as `For each account` exports it: one bucket evaluated, its decisions in
 * `decisions/111111111111.json`, its page of outcomes (if any) where `Save outcomes` puts them.
 */
async function sweptAccount(store: MemoryObjectStore, outcomes: unknown[]) {
  const page = 'outcomes/s-1/111111111111/us-east-1/0.json';
  if (outcomes.length > 0) await store.putJson(page, outcomes);
  return exportAccountResults(store, [
    {
      accountId: '111111111111',
      alias: 'payments-prod',
      status: 'OK',
      inventory: { resourceCount: 1, regionErrors: [] },
      evaluation: {
        resourcesEvaluated: 1,
        counts: { 's3-bucket-encryption': { COMPLIANT: 0, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, ERROR: 0 } },
      },
      decisions: { decisionsRef: 'decisions/111111111111.json', exemptionLookupError: null },
      outcomes: outcomes.length > 0 ? [[{ outcomesRef: page, count: outcomes.length }]] : [],
    },
  ]);
}

async function summarize(publish = async () => ({ messageId: 'm-1' })) {
  const store = new MemoryObjectStore();
  await store.putJson('decisions/111111111111.json', [
    { ...bucketFinding('a'), decision: 'EXEMPT', decisionReason: 'exempted', exemptionId: 'ex-soon' },
  ]);
  const sent: unknown[] = [];
  const run = createSummarize({
    store,
    ddb,
    ledgerTable: 'Ledger',
    exemptionsTable: 'Exemptions',
    publish: async (n) => {
      sent.push(n);
      return publish();
    },
    now: () => new Date('2026-11-22T06:00:00Z'),
  });
  const out = await run({
    sweep: SWEEP,
    accountResults: await sweptAccount(store, []),
    ...(await storeInvalidItems(store, SWEEP.sweepId)),
  });
  return { report: await store.getJson<Report>(out.reportRef), markdown: store.getText(out.markdownRef), sent };
}

describe('Summarize: the exemption review', () => {
  it('reminds the requester of an exemption expiring within 7 days; it matched, so it is not stale', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock.on(ScanCommand).resolves({ Items: [exemption] });
    const { report, sent } = await summarize();
    expect(report.exemptions).toMatchObject({
      active: 1,
      stale: [],
      expiringSoon: [expect.objectContaining({ exemptionId: 'ex-soon', daysLeft: 2 })],
      reminders: [
        { exemptionId: 'ex-soon', requestedBy: 'alice@example.com', sent: true, subject: expect.any(String) },
      ],
    });
    expect(sent).toHaveLength(1);
  });

  it('an unreadable Exemptions table is stated; nothing is claimed stale or expiring, no one is reminded', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock
      .on(ScanCommand)
      .rejects(Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' }));
    const { report, markdown, sent } = await summarize();
    expect(report.exemptions).toEqual({
      active: 0,
      expired: 0,
      expiringSoon: [],
      stale: [],
      policy: [],
      reminders: [],
      error: 'the Exemptions table could not be read: ResourceNotFoundException: Requested resource not found',
    });
    expect(markdown).toContain('Not reviewed: the Exemptions table could not be read');
    expect(sent).toEqual([]);
  });
});

describe('Summarize: the invalid items Resolve targets stored', () => {
  it('reads them from their keys into the report: invalid Accounts items as UNREACHABLE, exemption problems listed', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock.on(ScanCommand).resolves({ Items: [] });
    const store = new MemoryObjectStore();
    await store.putJson('decisions/111111111111.json', []);
    const run = createSummarize({
      store,
      ddb,
      ledgerTable: 'Ledger',
      exemptionsTable: 'Exemptions',
      publish: async () => ({ messageId: 'm-1' }),
      now: () => new Date('2026-11-22T06:00:00Z'),
    });
    const out = await run({
      sweep: SWEEP,
      accountResults: await sweptAccount(store, []),
      ...(await storeInvalidItems(
        store,
        SWEEP.sweepId,
        [{ accountId: '999999999999', alias: '', error: 'invalid Accounts item: alias: too small' }],
        [{ exemptionId: 'ex-bad', problem: 'approvedBy: required, non-empty' }],
      )),
    });
    const report = await store.getJson<Report>(out.reportRef);
    expect(report.accounts.find((a) => a.accountId === '999999999999')).toEqual({
      accountId: '999999999999',
      alias: '',
      status: 'UNREACHABLE',
      error: 'invalid Accounts item: alias: too small',
    });
    expect(report.exemptionProblems).toEqual([{ exemptionId: 'ex-bad', problem: 'approvedBy: required, non-empty' }]);
    expect(out.unreachableAccounts).toBe(1);
  });
});

describe('Summarize: remediation records the Ledger table refused', () => {
  it('keeps them in the S3 JSON lines with the error, lists them in the report, then fails the execution', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock.on(ScanCommand).resolves({ Items: [] });
    const store = new MemoryObjectStore();
    const finding = { ...bucketFinding('b'), decision: 'REMEDIATE', decisionReason: 'rule mode remediate' };
    await store.putJson('decisions/111111111111.json', [finding]);
    const run = createSummarize({
      store,
      ddb,
      ledgerTable: 'Ledger',
      exemptionsTable: 'Exemptions',
      publish: async () => ({ messageId: 'm-1' }),
      now: () => new Date('2026-11-22T06:00:00Z'),
    });
    const apiCalls = [{ service: 's3', operation: 'PutBucketEncryption', params: { Bucket: 'b' } }];
    const input = {
      sweep: SWEEP,
      accountResults: await sweptAccount(store, [
        {
          findingId: finding.findingId,
          decision: 'REMEDIATE',
          subject: 's',
          remediation: { outcome: 'SUCCEEDED', apiCalls, at: '2026-11-22T06:01:00Z' },
          ledger: {
            Error: 'ResourceNotFoundException',
            Cause: '{"errorType":"ResourceNotFoundException","errorMessage":"Requested resource not found"}',
          },
          notified: { status: 'SENT' },
        },
      ]),
      ...(await storeInvalidItems(store, SWEEP.sweepId)),
    };
    await expect(run(input)).rejects.toMatchObject({
      name: 'LedgerIncompleteError',
      message: expect.stringMatching(/^1 remediation record\(s\) could not be written to the Ledger table/),
    });
    const report = await store.getJson<Report>(`reports/${SWEEP.sweepId}/report.json`);
    expect(report.ledgerFailures).toEqual([
      {
        findingId: finding.findingId,
        accountId: '111111111111',
        ruleId: finding.ruleId,
        arn: finding.arn,
        outcome: 'SUCCEEDED',
        error: 'ResourceNotFoundException: Requested resource not found',
      },
    ]);
    const lines = store
      .keys()
      .filter((k) => k.startsWith('ledger/'))
      .flatMap((k) => store.getText(k).trim().split('\n'))
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        findingId: finding.findingId,
        outcome: 'SUCCEEDED',
        apiCalls,
        executionName: SWEEP.executionName,
        ledgerWriteError: 'ResourceNotFoundException: Requested resource not found',
      }),
    ]);
  });
});
