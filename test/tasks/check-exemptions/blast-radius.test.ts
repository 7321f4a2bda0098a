/**
 * `Check exemptions` applies the per-rule and per-account blast-radius caps (issue 14 item 8): it
 * sees all of one account's decisions and the rule's evaluation counts, so a rule over its cap
 * has none of its remediations paged for `Remediate`; they are NOTIFY with outcome SKIPPED_CAP,
 * recorded in the ledger and told to the owner with the reason.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { createCheckExemptions } from '../../../tasks/check-exemptions/check-exemptions';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { fixedKillSwitch } from '../../../tasks/shared/kill-switch';
import type { Finding, RuleCounts } from '../../../tasks/shared/model';
import { bucketFinding, SWEEP, TARGET } from '../../support/sweep-fixtures';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);

const buckets = (n: number) => Array.from({ length: n }, (_, i) => bucketFinding(`bucket-${i}`));
const counts = (evaluated: number, nonCompliant: number): Record<string, RuleCounts> => ({
  's3-bucket-encryption': {
    COMPLIANT: evaluated - nonCompliant,
    NON_COMPLIANT: nonCompliant,
    NOT_APPLICABLE: 0,
    ERROR: 0,
  },
});

async function run(findings: Finding[], evaluated: number, config: Record<string, unknown> = {}) {
  const store = new MemoryObjectStore();
  await store.putJson('findings/x.json', findings);
  const handler = createCheckExemptions({
    ddb,
    exemptionsTable: 'Exemptions',
    ledgerTable: 'Ledger',
    killSwitch: fixedKillSwitch('off'),
    store,
    config: parseWardenConfig(config),
    now: () => new Date('2026-11-22T06:00:00Z'),
  });
  const out = await handler({
    target: TARGET,
    sweep: SWEEP,
    evaluation: {
      findingsRef: 'findings/x.json',
      resourcesEvaluated: evaluated,
      counts: counts(evaluated, findings.length),
    },
  });
  const ledger = ddbMock
    .commandCalls(BatchWriteCommand)
    .flatMap((c) => c.args[0].input.RequestItems?.Ledger ?? [])
    .map((r) => r.PutRequest?.Item as Record<string, unknown>);
  return { out, decided: await store.getJson<Finding[]>(out.decisionsRef), ledger };
}

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(QueryCommand).resolves({ Items: [] });
  ddbMock.on(BatchWriteCommand).resolves({});
});

describe('Check exemptions: blast-radius caps', () => {
  it('holds back every remediation of a rule over its count cap: NOTIFY, SKIPPED_CAP, ledger, owner told why', async () => {
    const { out, decided, ledger } = await run(buckets(3), 100, {
      blastRadius: { perRule: { maxResources: 2 } },
    });
    expect(out.byDecision).toMatchObject({ REMEDIATE: 0, NOTIFY: 3 });
    expect(out.remediations).toEqual([]);
    for (const f of decided) {
      expect(f.decision).toBe('NOTIFY');
      expect(f.remediation).toMatchObject({ outcome: 'SKIPPED_CAP', apiCalls: f.plan, cap: { scope: 'rule' } });
      expect(f.decisionReason).toContain('s3-bucket-encryption would remediate 3 of 100 evaluated');
      expect(f.notification?.message).toContain('Remediation: SKIPPED_CAP');
      expect(f.notification?.message).toContain('blast-radius cap');
    }
    expect(ledger.map((r) => [r.decision, r.outcome])).toEqual(Array(3).fill(['NOTIFY', 'SKIPPED_CAP']));
    expect(out.capped).toEqual([
      expect.objectContaining({
        scope: 'rule',
        ruleId: 's3-bucket-encryption',
        accountId: TARGET.accountId,
        heldBack: 3,
      }),
    ]);
  });

  it("judges the default 20 % against the rule's evaluated resources in the account", async () => {
    const over = await run(buckets(6), 10);
    expect(over.out.byDecision).toMatchObject({ REMEDIATE: 0, NOTIFY: 6 });
    const within = await run(buckets(6), 100);
    expect(within.out.byDecision).toMatchObject({ REMEDIATE: 6, NOTIFY: 0 });
    expect(within.out.capped).toEqual([]);
  });

  it('applies the per-account cap over all rules', async () => {
    const { out, decided } = await run(buckets(4), 1000, { blastRadius: { perAccount: { maxResources: 3 } } });
    expect(out.byDecision).toMatchObject({ REMEDIATE: 0, NOTIFY: 4 });
    expect(decided.every((f) => f.remediation?.cap?.scope === 'account')).toBe(true);
  });
});
