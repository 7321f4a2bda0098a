/** Event notification text: subject within SNS limits, who/when/where, decision, filterable attributes. */
import { describe, expect, it } from 'vitest';
import type { RuleMatch } from '../../../../tasks/shared/events/event-model';
import type { Finding } from '../../../../tasks/shared/model';
import {
  cleanAttributes,
  composeEventFindingNotification,
  composeMatchNotification,
} from '../../../../tasks/shared/notification/compose-event';

const event = {
  eventId: 'e-1',
  kind: 'API_CALL' as const,
  eventName: 'DeleteBucketEncryption',
  eventSource: 's3.amazonaws.com',
  accountId: '111111111111',
  region: 'us-east-1',
  time: '2026-11-21T10:00:00.000Z',
  sourceIp: '203.0.113.9',
  originator: { type: 'AssumedRole', display: 'role Admin (session alice)' },
};
const match: RuleMatch = {
  ruleId: 'watched-api-call',
  title: 'A watched API call was made',
  severity: 'HIGH',
  mode: 'notify',
  summary: 'DeleteBucketEncryption by alice',
  message: 'DeleteBucketEncryption (s3.amazonaws.com) was called in us-east-1 by role Admin (session alice).',
  subject: { type: 'Principal', id: 'role Admin', arn: 'arn:aws:iam::111111111111:role/Admin' },
  details: { Who: 'role Admin (session alice)', Call: 's3.amazonaws.com DeleteBucketEncryption' },
  dedupeKey: 'event/e-1',
};

describe('composeMatchNotification', () => {
  it('names the alias, region, who, when, the decision and why; attributes for filter policies', () => {
    const n = composeMatchNotification(
      match,
      { decision: 'NOTIFY', reason: 'mode is notify' },
      {
        event,
        accountAlias: 'payments-prod',
        owner: 'team-payments',
        executionName: 'exec-1',
      },
    );
    expect(n.subject).toBe('[HIGH] watched-api-call: payments-prod/us-east-1 DeleteBucketEncryption by alice');
    expect(n.message.split('\n')).toEqual([
      'Rule: watched-api-call (A watched API call was made)',
      'Severity: HIGH',
      '',
      'DeleteBucketEncryption (s3.amazonaws.com) was called in us-east-1 by role Admin (session alice).',
      '',
      'Event: DeleteBucketEncryption (s3.amazonaws.com)',
      'Account: payments-prod (111111111111)',
      'Region: us-east-1',
      'Who: role Admin (session alice)',
      'When: 2026-11-21T10:00:00.000Z',
      'Source IP: 203.0.113.9',
      'Event id: e-1',
      'Call: s3.amazonaws.com DeleteBucketEncryption',
      'Subject: arn:aws:iam::111111111111:role/Admin',
      'Owner: team-payments',
      '',
      'Decision: NOTIFY (mode is notify)',
      'Execution: exec-1',
    ]);
    expect(n.attributes).toEqual({
      severity: 'HIGH',
      ruleId: 'watched-api-call',
      accountId: '111111111111',
      owner: 'team-payments',
      decision: 'NOTIFY',
      kind: 'EVENT',
    });
  });

  it('keeps subjects valid for SNS (ASCII, one line, under 100 characters)', () => {
    const long = { ...match, summary: `sign-in of ${'é'.repeat(50)}\nfrom ${'x'.repeat(80)}` };
    const n = composeMatchNotification(long, { decision: 'NOTIFY', reason: 'r' }, { event, accountAlias: 'a' });
    expect(n.subject.length).toBeLessThan(100);
    expect(n.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(n.attributes.owner).toBe('unassigned');
  });
});

describe('composeEventFindingNotification', () => {
  it('puts the event lines above the finding notification, every attribute present', () => {
    const finding: Finding = {
      findingId: 'f1',
      ruleId: 's3-bucket-encryption',
      severity: 'HIGH',
      accountId: '111111111111',
      region: 'us-east-1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'b',
      arn: 'arn:aws:s3:::b',
      status: 'NON_COMPLIANT',
      message: 'no default encryption',
      tags: {},
      decision: 'NOTIFY',
      decisionReason: 'mode is notify',
    };
    const n = composeEventFindingNotification(finding, { event, accountAlias: 'payments-prod' });
    expect(n.subject).toBe('[HIGH] s3-bucket-encryption: payments-prod/us-east-1 bucket b');
    expect(n.message.split('\n').slice(0, 6)).toEqual([
      'Event: DeleteBucketEncryption (s3.amazonaws.com)',
      'Who: role Admin (session alice)',
      'When: 2026-11-21T10:00:00.000Z',
      'Source IP: 203.0.113.9',
      'Event id: e-1',
      '',
    ]);
    expect(Object.keys(n.attributes).sort()).toEqual([
      'accountId',
      'decision',
      'kind',
      'owner',
      'ownerSource',
      'ruleId',
      'severity',
    ]);
    // Nobody named: the owner is `unassigned`, and the attribute says why.
    expect(n.attributes).toMatchObject({ owner: 'unassigned', ownerSource: 'none' });
  });
});

describe('cleanAttributes', () => {
  it('drops empty values and control characters', () => {
    expect(cleanAttributes({ a: ' x\u0000y ', b: '', c: undefined, d: '\n' })).toEqual({ a: 'xy' });
  });
});
