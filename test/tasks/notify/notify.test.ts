/** `Notify`: each informational match decided (exemptions, modes, kill switch), deduplicated, published. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { createNotify } from '../../../tasks/notify/notify';
import type { RuleMatch } from '../../../tasks/shared/events/event-model';
import { fixedKillSwitch } from '../../../tasks/shared/kill-switch';
import type { Notification } from '../../../tasks/shared/model';
import { createDeduplicator } from '../../../tasks/shared/notification/dedupe';
import { startEventTables } from '../../support/event-tables';

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  db = await startEventTables();
  await db.documents.send(
    new PutCommand({
      TableName: 'Exemptions',
      Item: {
        exemptionId: 'ex-breakglass',
        ruleId: 'console-login-failure',
        accountId: '111111111111',
        region: '*',
        resource: 'arn:aws:iam::111111111111:user/breakglass',
        effect: 'SUPPRESS',
        reason: 'tested monthly',
        requestedBy: 'sec',
        approvedBy: 'ciso',
        expiresAt: '2030-01-01T00:00:00Z',
      },
    }),
  );
});
afterAll(async () => db.close());

const NOW = () => new Date('2026-11-22T06:00:00Z');
const match = (over: Partial<RuleMatch> = {}): RuleMatch => ({
  ruleId: 'console-login-failure',
  title: 'Failed console sign-in, or a sign-in without MFA',
  severity: 'MEDIUM',
  mode: 'notify',
  summary: 'failed sign-in of anaya',
  message: 'A console sign-in of IAM user anaya failed.',
  subject: { type: 'Principal', id: 'IAM user anaya', arn: 'arn:aws:iam::111111111111:user/anaya' },
  details: {},
  dedupeKey: 'failure/anaya',
  ...over,
});
const input = (matches: RuleMatch[], mode = 'remediate') => ({
  event: { eventId: 'e-1', accountId: '111111111111', region: 'us-east-1' },
  target: { accountId: '111111111111', alias: 'payments-prod', owner: 'team-payments' },
  sweep: { executionName: 'exec-1', mode },
  informational: { matches },
});

function notify(sent: Notification[], killSwitch: 'off' | 'notify' | 'audit' = 'off', fail = false) {
  return createNotify({
    ddb: db.documents,
    exemptionsTable: 'Exemptions',
    killSwitch: fixedKillSwitch(killSwitch),
    dedupe: createDeduplicator({ ddb: db.documents, table: 'NotificationLog', now: NOW }),
    now: NOW,
    publish: async (n) => {
      if (fail) throw Object.assign(new Error('topic gone'), { name: 'NotFoundException' });
      sent.push(n);
      return { messageId: `m-${sent.length}` };
    },
  });
}

describe('Notify', () => {
  it('sends each match once per window, with the decision and the message id', async () => {
    const sent: Notification[] = [];
    const first = await notify(sent)(input([match({ dedupeKey: 'a' })]));
    const second = await notify(sent)(input([match({ dedupeKey: 'a' })]));
    expect(first.notifications.map((n) => [n.status, n.decision, n.messageId])).toEqual([['SENT', 'NOTIFY', 'm-1']]);
    expect(second.notifications.map((n) => [n.status, n.decision, n.messageId])).toEqual([
      ['DUPLICATE', 'NOTIFY', null],
    ]);
    expect(sent.map((n) => n.subject)).toEqual([
      '[MEDIUM] console-login-failure: payments-prod/us-east-1 failed sign-in of anaya',
    ]);
  });

  it("addresses a match to the account's owner (a sign-in has no tags), or unassigned, saying why (issue 20 item 10)", async () => {
    const sent: Notification[] = [];
    await notify(sent)(input([match({ dedupeKey: 'owner-1' })]));
    const unowned = input([match({ dedupeKey: 'owner-2' })]);
    await notify(sent)({ ...unowned, target: { ...unowned.target, owner: 'tbd' } });
    expect(sent.map((n) => [n.attributes.owner, n.attributes.ownerSource])).toEqual([
      ['team-payments', 'account'],
      ['unassigned', 'none'],
    ]);
  });

  it('an exempt subject is not notified; audit mode and the kill switch at audit are NONE', async () => {
    const sent: Notification[] = [];
    const exempt = match({
      dedupeKey: 'b',
      subject: { type: 'Principal', id: 'bg', arn: 'arn:aws:iam::111111111111:user/breakglass' },
    });
    const out = await notify(sent)(input([exempt, match({ dedupeKey: 'c', mode: 'audit' })]));
    expect(out.notifications.map((n) => [n.decision, n.status, n.exemptionId])).toEqual([
      ['EXEMPT', 'NOT_SENT', 'ex-breakglass'],
      ['NONE', 'NOT_SENT', null],
    ]);
    const killed = await notify(sent, 'audit')(input([match({ dedupeKey: 'd' })]));
    expect(killed.notifications.map((n) => [n.decision, n.reason])).toEqual([
      ['NONE', 'mode is audit: reported only (kill switch is audit)'],
    ]);
    expect(sent).toEqual([]);
  });

  it('a failed publish gives its claim back, so the retried state sends it', async () => {
    const sent: Notification[] = [];
    await expect(notify(sent, 'off', true)(input([match({ dedupeKey: 'e' })]))).rejects.toThrow('topic gone');
    const retried = await notify(sent)(input([match({ dedupeKey: 'e' })]));
    expect(retried.notifications.map((n) => n.status)).toEqual(['SENT']);
  });
});
