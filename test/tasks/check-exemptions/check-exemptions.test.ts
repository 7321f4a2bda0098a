import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { createCheckExemptions } from '../../../tasks/check-exemptions/check-exemptions';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { fixedKillSwitch } from '../../../tasks/shared/kill-switch';
import type { Finding } from '../../../tasks/shared/model';
import { bucketFinding, SWEEP, TARGET } from '../../support/sweep-fixtures';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);
const NOW = new Date('2026-11-22T06:00:00Z');

const exemption = (overrides: Record<string, unknown>) => ({
  exemptionId: 'ex-1',
  ruleId: 's3-bucket-encryption',
  accountId: TARGET.accountId,
  region: '*',
  resource: 'arn:aws:s3:::legacy-*',
  effect: 'SUPPRESS',
  reason: 'decommissioning in Q1',
  requestedBy: 'alice@example.com',
  approvedBy: 'bob@example.com',
  expiresAt: '2030-01-01T00:00:00Z',
  ...overrides,
});

async function run(findings: Finding[], config = {}, sweep = SWEEP, killSwitch = fixedKillSwitch('off')) {
  const store = new MemoryObjectStore();
  await store.putJson('findings/x.json', findings);
  const handler = createCheckExemptions({
    ddb,
    exemptionsTable: 'Exemptions',
    ledgerTable: 'Ledger',
    killSwitch,
    store,
    config: parseWardenConfig(config),
    now: () => NOW,
  });
  const out = await handler({ target: TARGET, sweep, evaluation: { findingsRef: 'findings/x.json' } });
  // The findings to remediate, as the states will load them: region by region, page by page.
  const toRemediate: Finding[] = [];
  for (const region of out.remediations) {
    for (const page of region.pages) toRemediate.push(...(await store.getJson<Finding[]>(page)));
  }
  return { out, decided: await store.getJson<Finding[]>(out.decisionsRef), toRemediate };
}

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(BatchWriteCommand).resolves({});
});

describe('Check exemptions', () => {
  it("queries the account's partition and the '*' partition once each, consistently", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    await run([bucketFinding('a'), bucketFinding('b')]);
    const calls = ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls.map((i) => i.ExpressionAttributeValues?.[':a'])).toEqual([TARGET.accountId, '*']);
    expect(calls.every((i) => i.ConsistentRead === true && i.TableName === 'Exemptions')).toBe(true);
  });

  it('decides each finding and records which exemption matched', async () => {
    ddbMock
      .on(QueryCommand, { ExpressionAttributeValues: { ':a': TARGET.accountId } })
      .resolves({ Items: [exemption({})] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':a': '*' } })
      .resolves({
        Items: [
          exemption({ exemptionId: 'ex-2', accountId: '*', resource: 'arn:aws:s3:::shared-*', effect: 'NOTIFY_ONLY' }),
        ],
      });
    const { out, decided, toRemediate } = await run([
      bucketFinding('legacy-1'),
      bucketFinding('shared-1'),
      bucketFinding('x-legacy-1'),
    ]);
    expect(decided.map((f) => [f.resourceId, f.decision, f.exemptionId])).toEqual([
      ['legacy-1', 'EXEMPT', 'ex-1'],
      ['shared-1', 'NOTIFY', 'ex-2'],
      ['x-legacy-1', 'REMEDIATE', undefined],
    ]);
    expect(out.byDecision).toEqual({ REMEDIATE: 1, NOTIFY: 1, EXEMPT: 1, NONE: 0 });
    // Only REMEDIATE findings get per-item states; NOTIFY ones go out grouped per owner (Notify owners).
    expect(toRemediate.map((f) => f.resourceId)).toEqual(['x-legacy-1']);
    expect(out.exemptionLookupError).toBeNull();
  });

  it('turns every finding into NOTIFY when the exemptions cannot be read: never remediate, never silent', async () => {
    ddbMock
      .on(QueryCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    const { out, decided } = await run([bucketFinding('legacy-1'), bucketFinding('other')]);
    expect(decided.map((f) => f.decision)).toEqual(['NOTIFY', 'NOTIFY']);
    expect(out.exemptionLookupError).toBe('AccessDeniedException: User is not authorized');
    expect(decided[0]?.decisionReason).toContain('exemption');
  });

  it('lets throttling propagate (the state retries with backoff) rather than deciding without exemptions', async () => {
    ddbMock
      .on(QueryCommand)
      .rejects(
        Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' }),
      );
    await expect(run([bucketFinding('legacy-1')])).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('an expired item never matches', async () => {
    ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': TARGET.accountId } }).resolves({
      Items: [exemption({ exemptionId: 'ex-old', expiresAt: '2026-11-22T06:00:00Z' })],
    });
    ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': '*' } }).resolves({ Items: [] });
    const { decided } = await run([bucketFinding('legacy-1')]);
    expect(decided[0]?.decision).toBe('REMEDIATE');
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['lower-case effect', { effect: 'suppress' }, /effect: must be SUPPRESS or NOTIFY_ONLY/],
    ['an expiry at +01:00', { expiresAt: '2030-01-01T00:00:00+01:00' }, /expiresAt: must be an ISO-8601 UTC/],
    ['no approver', { approvedBy: '' }, /approvedBy: required, non-empty/],
    ['an unknown rule id (read as *)', { ruleId: 's3-bucket-encryptoin' }, /unknown rule id/],
    ['no resource (read as *)', { resource: undefined }, /resource: required/],
    ['a malformed region (read as *)', { region: 'us-east1' }, /region: must be a region name/],
    ['a self-approved item (policy)', { approvedBy: 'Alice@example.com ' }, /needs a second person/],
    ['a broad glob (policy)', { resource: 'arn:aws:s3:::*' }, /is broad/],
  ])(
    'an item not honoured (%s) that would have matched: NOTIFY naming the problem, never REMEDIATE nor EXEMPT',
    async (_what, over, problem) => {
      ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': TARGET.accountId } }).resolves({
        Items: [exemption({ exemptionId: 'ex-bad', ...over })],
      });
      ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': '*' } }).resolves({ Items: [] });
      const { out, decided, toRemediate } = await run([bucketFinding('legacy-1'), bucketFinding('other-1')]);
      const [covered, outside] = decided;
      expect(covered?.decision).toBe('NOTIFY');
      expect(covered?.exemptionId).toBeUndefined();
      expect(covered?.decisionReason).toMatch(/^exemption ex-bad covers this resource but is not honoured \(/);
      expect(covered?.decisionReason).toMatch(problem);
      expect(covered?.notification?.message).toContain('ex-bad');
      // Only the scope the item was meant for is held back (a glob it has, or * when unreadable).
      const unreadableResource = over.resource === undefined && 'resource' in over;
      expect(outside?.decision).toBe(unreadableResource || over.resource === 'arn:aws:s3:::*' ? 'NOTIFY' : 'REMEDIATE');
      expect(toRemediate.map((f) => f.resourceId)).not.toContain('legacy-1');
      expect(out.byDecision.EXEMPT).toBe(0);
    },
  );

  it('an invalid item past its (leniently read) expiry, or in another region, holds nothing back', async () => {
    ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': TARGET.accountId } }).resolves({
      Items: [
        exemption({ exemptionId: 'ex-past', effect: 'suppress', expiresAt: '2026-11-01T00:00:00+01:00' }),
        exemption({ exemptionId: 'ex-eu', effect: 'suppress', region: 'eu-west-1' }),
      ],
    });
    ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': '*' } }).resolves({ Items: [] });
    const { decided } = await run([bucketFinding('legacy-1')]);
    expect(decided[0]?.decision).toBe('REMEDIATE');
  });

  it('an invalid item and a valid SUPPRESS over the same resource: EXEMPT (the valid one decides)', async () => {
    ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': TARGET.accountId } }).resolves({
      Items: [exemption({ exemptionId: 'ex-good' }), exemption({ exemptionId: 'ex-bad', approvedBy: '' })],
    });
    ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':a': '*' } }).resolves({ Items: [] });
    const { decided } = await run([bucketFinding('legacy-1')]);
    expect([decided[0]?.decision, decided[0]?.exemptionId]).toEqual(['EXEMPT', 'ex-good']);
  });

  it('applies the most conservative of execution, account and rule modes', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const notifyRule = await run([bucketFinding('a')], { rules: { 's3-bucket-encryption': { mode: 'notify' } } });
    expect(notifyRule.decided[0]?.decision).toBe('NOTIFY');
    const audit = await run([bucketFinding('a')], {}, { ...SWEEP, mode: 'audit' });
    expect(audit.decided[0]?.decision).toBe('NONE');
    expect(audit.out.remediations).toEqual([]);
  });

  it('composes the notification an SNS subscriber filters on', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const { toRemediate } = await run([bucketFinding('a')]);
    const n = toRemediate[0]?.notification;
    expect(n?.attributes).toMatchObject({
      severity: 'HIGH',
      ruleId: 's3-bucket-encryption',
      accountId: TARGET.accountId,
      decision: 'REMEDIATE',
      owner: 'payments@example.com',
    });
    expect(n?.message).toContain('payments-prod');
  });

  it('notifies a NOTIFY finding again at the next sweep: only the event path drops repeats (tasks/engine/repeats.ts)', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const next = { ...SWEEP, sweepId: 'sweep-2026-11-22T07-00Z', executionName: 'sweep-2026-11-22T07-00Z' };
    for (const sweep of [SWEEP, next]) {
      const { decided } = await run(
        [bucketFinding('a')],
        { rules: { 's3-bucket-encryption': { mode: 'notify' } } },
        sweep,
      );
      expect(decided.map((f) => [f.decision, f.decisionReason, f.notification?.subject !== undefined])).toEqual([
        ['NOTIFY', 'mode is notify', true],
      ]);
    }
  });

  it('records every NOTIFY and EXEMPT decision in the ledger (REMEDIATE ones are recorded after remediating)', async () => {
    ddbMock
      .on(QueryCommand, { ExpressionAttributeValues: { ':a': TARGET.accountId } })
      .resolves({ Items: [exemption({})] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':a': '*' } })
      .resolves({ Items: [] });
    await run([bucketFinding('legacy-1'), bucketFinding('other')], {
      rules: { 's3-bucket-encryption': { mode: 'notify' } },
    });
    const items = ddbMock
      .commandCalls(BatchWriteCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.Ledger ?? [])
      .map((r) => r.PutRequest?.Item);
    expect(items).toEqual([
      expect.objectContaining({
        findingId: 'f-legacy-1',
        decision: 'EXEMPT',
        exemptionId: 'ex-1',
        at: NOW.toISOString(),
        executionArn: SWEEP.executionArn,
      }),
      expect.objectContaining({ findingId: 'f-other', decision: 'NOTIFY', owner: 'payments@example.com' }),
    ]);
  });

  it('obeys the kill switch: notify stops remediation, audit stops notifications too', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const notify = await run([bucketFinding('a')], {}, SWEEP, fixedKillSwitch('notify'));
    expect(notify.decided[0]).toMatchObject({
      decision: 'NOTIFY',
      decisionReason: expect.stringContaining('kill switch is notify'),
    });
    const audit = await run([bucketFinding('a')], {}, SWEEP, fixedKillSwitch('audit'));
    expect(audit.decided[0]?.decision).toBe('NONE');
  });

  it('rejects malformed input with a clear error', async () => {
    const handler = createCheckExemptions({
      ddb,
      exemptionsTable: 'Exemptions',
      ledgerTable: 'Ledger',
      killSwitch: fixedKillSwitch('off'),
      store: new MemoryObjectStore(),
      config: parseWardenConfig({}),
    });
    await expect(handler({ target: TARGET, sweep: SWEEP })).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('evaluation'),
    });
  });
});

describe('Check exemptions: owner routing (issue 20 item 10)', () => {
  it("addresses each notification to the resource's owner tag (the configured key), else its stack's or account's owner", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const { decided } = await run(
      [
        bucketFinding('tagged', { tags: { CostOwner: 'data-eng@example.com' } }),
        bucketFinding('placeholder', { tags: { CostOwner: 'unassigned', 'aws:cloudformation:stack-name': 'etl' } }),
        bucketFinding('untagged'),
      ],
      { ownerTagKey: 'CostOwner', stackOwners: { etl: 'etl-team@example.com' } },
    );
    expect(
      decided.map((f) => [f.resourceId, f.notification?.attributes.owner, f.notification?.attributes.ownerSource]),
    ).toEqual([
      ['tagged', 'data-eng@example.com', 'tag'],
      ['placeholder', 'etl-team@example.com', 'stack'],
      ['untagged', TARGET.owner, 'account'],
    ]);
  });
});
