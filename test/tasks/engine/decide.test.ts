/** The engine's batch decision: context, exemptions read once, decisions, ledger records, counts. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { MemoryObjectStore } from '../../../local/memory-store';
import { countDecisions, createDecider, keepDecisions, resourceRuleSettings } from '../../../tasks/engine/decide';
import { activeRules } from '../../../tasks/rules/settings';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { scanAll } from '../../../tasks/shared/dynamo';
import { fixedKillSwitch } from '../../../tasks/shared/kill-switch';
import type { Finding } from '../../../tasks/shared/model';
import { startEventTables } from '../../support/event-tables';

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  db = await startEventTables();
  await db.documents.send(
    new PutCommand({
      TableName: 'Exemptions',
      Item: {
        accountId: A,
        exemptionId: 'ex-legacy',
        ruleId: 's3-bucket-encryption',
        region: '*',
        resource: 'arn:aws:s3:::legacy-*',
        effect: 'SUPPRESS',
        reason: 'decommissioning',
        requestedBy: 'data@example.com',
        approvedBy: 'security@example.com',
        expiresAt: '2030-01-01T00:00:00Z',
      },
    }),
  );
});
afterAll(async () => db.close());

const A = '222222222222';
const NOW = new Date('2026-11-22T06:00:00Z');
const bucket = (name: string, over: Partial<Finding> = {}): Finding => ({
  findingId: `f-${name}`,
  ruleId: 's3-bucket-encryption',
  severity: 'HIGH',
  accountId: A,
  region: 'us-east-1',
  resourceType: 'AWS::S3::Bucket',
  resourceId: name,
  arn: `arn:aws:s3:::${name}`,
  status: 'NON_COMPLIANT',
  message: 'no default encryption',
  tags: {},
  plan: [{ service: 's3', operation: 'PutBucketEncryption', input: { Bucket: name } }],
  ...over,
});
const settings = resourceRuleSettings(activeRules(parseWardenConfig({})));
const decider = (
  reading: 'always' | 'when-needed',
  exemptionsTable = 'Exemptions',
  killSwitch: 'off' | 'notify' = 'off',
) =>
  createDecider(
    { ddb: db.documents, exemptionsTable, killSwitch: fixedKillSwitch(killSwitch), now: () => NOW },
    settings,
    reading,
  );
const target = { accountId: A };
const execution = { mode: 'remediate' as const };

describe('createDecider', () => {
  it("decides a batch against the account's exemptions, the rule's mode and the execution's", async () => {
    const batch = await decider('always')(target, execution, [bucket('legacy-1'), bucket('new-1')]);
    expect(batch.decided.map((f) => [f.resourceId, f.decision, f.exemptionId])).toEqual([
      ['legacy-1', 'EXEMPT', 'ex-legacy'],
      ['new-1', 'REMEDIATE', undefined],
    ]);
    expect([batch.at, batch.exemptionLookupError]).toEqual([NOW, null]);
    const audited = await decider('always')({ ...target, mode: 'audit' }, execution, [bucket('new-1')]);
    expect(audited.decided.map((f) => [f.decision, f.decisionReason])).toEqual([
      ['NONE', 'mode is audit: reported only'],
    ]);
  });

  it('the sweep reads the exemptions even for an empty batch (an unreadable table is reported); the event path does not', async () => {
    const sweep = await decider('always', 'NoSuchTable')(target, execution, []);
    expect(sweep.exemptionLookupError).toMatch(/ResourceNotFoundException|not found/i);
    const event = await decider('when-needed', 'NoSuchTable')(target, execution, []);
    expect(event).toEqual({ decided: [], at: NOW, exemptionLookupError: null });
    const eventWithFinding = await decider('when-needed', 'NoSuchTable')(target, execution, [bucket('new-1')]);
    expect(eventWithFinding.decided.map((f) => f.decision)).toEqual(['NOTIFY']);
  });

  it('keeps what the caller put on its items (an informational match is decided as a finding)', async () => {
    const { decided } = await createDecider(
      { ddb: db.documents, exemptionsTable: 'Exemptions', killSwitch: fixedKillSwitch('off'), now: () => NOW },
      { ruleModes: new Map([['vpc-created', 'notify']]), remediable: new Set() },
      'when-needed',
    )(target, execution, [
      { match: 'm-1', ruleId: 'vpc-created', accountId: A, region: 'us-east-1', arn: 'arn:x', status: 'NON_COMPLIANT' },
    ]);
    expect(decided).toEqual([
      expect.objectContaining({ match: 'm-1', decision: 'NOTIFY', decisionReason: 'mode is notify' }),
    ]);
  });
});

describe('keepDecisions', () => {
  it('stores the decided findings, records the NOTIFY and EXEMPT decisions only, and counts every decision', async () => {
    const { decided, at } = await decider('always', 'Exemptions', 'notify')(target, execution, [
      bucket('legacy-2'),
      bucket('new-2'),
      bucket('err-2', { status: 'ERROR' }),
    ]);
    const audit = { ...bucket('audit-2'), decision: 'NONE' as const, decisionReason: 'mode is audit' };
    const store = new MemoryObjectStore();
    const kept = await keepDecisions(
      { store, ddb: db.documents, ledgerTable: 'Ledger' },
      { accountId: A, owner: 'team-data' },
      { sweepId: 'sweep-1', executionName: 'sweep-1', executionArn: 'arn:exec' },
      [...decided, audit],
      at,
    );
    expect(kept).toEqual({
      decisionsRef: `decisions/sweep-1/${A}.json`,
      byDecision: { REMEDIATE: 0, NOTIFY: 2, EXEMPT: 1, NONE: 1 },
    });
    expect((await store.getJson<Finding[]>(kept.decisionsRef)).map((f) => f.decision)).toEqual([
      'EXEMPT',
      'NOTIFY',
      'NOTIFY',
      'NONE',
    ]);
    const ledger = await scanAll(db.documents, 'Ledger');
    expect(ledger.map((r) => [r.findingId, r.decision, r.owner, r.executionName, r.at]).sort()).toEqual([
      ['f-err-2', 'NOTIFY', 'team-data', 'sweep-1', NOW.toISOString()],
      ['f-legacy-2', 'EXEMPT', 'team-data', 'sweep-1', NOW.toISOString()],
      ['f-new-2', 'NOTIFY', 'team-data', 'sweep-1', NOW.toISOString()],
    ]);
    expect(countDecisions([{ decision: 'REMEDIATE' }, {}])).toEqual({ REMEDIATE: 1, NOTIFY: 0, EXEMPT: 0, NONE: 0 });
  });
});
