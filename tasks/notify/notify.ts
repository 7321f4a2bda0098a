/**
 * `Notify`: what the informational rules matched on an event (a failed sign-in, a VPC created, a
 * parameter changed, a watched call). Each match is decided as a finding about its subject (DESIGN
 * §4.3, `tasks/engine/decide.ts`: an active SUPPRESS exemption → EXEMPT, NOTIFY_ONLY → NOTIFY, else
 * the mode: audit → NONE, otherwise NOTIFY), sent at most once per window (`tasks/engine/repeats.ts`)
 * and published to the Warden topic with message attributes subscribers filter on.
 */
import { z } from 'zod';
import { createDecider, type DeciderDeps, type RuleDecisionSettings } from '../engine/decide';
import { REPEAT_NOTE, sendUnlessRepeated } from '../engine/repeats';
import type { EventSummary, RuleMatch } from '../shared/events/event-model';
import { type Decision, MODES, SEVERITIES } from '../shared/model';
import { composeMatchNotification } from '../shared/notification/compose-event';
import type { Deduplicator } from '../shared/notification/dedupe';
import { resolveOwner } from '../shared/notification/owner';
import type { Publisher } from '../shared/notification/publish';
import { EventTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

/** The kill switch at `audit` silences informational notifications too. */
interface NotifyDeps extends DeciderDeps {
  /** The notification log repeats are looked up in. */
  readonly dedupe: Deduplicator;
  /** Sends one notification (SNS Publish in AWS, the local outbox offline). */
  readonly publish: Publisher;
}

const MatchSchema = z.object({
  ruleId: z.string().min(1),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  mode: z.enum(MODES),
  summary: z.string(),
  message: z.string(),
  subject: z.object({ type: z.string(), id: z.string(), arn: z.string() }),
  details: z.record(z.string(), z.string()),
  dedupeKey: z.string().min(1),
});

const NotifyInputSchema = z.object({
  event: z.object({ eventId: z.string(), accountId: z.string() }).passthrough(),
  target: EventTargetSchema.pick({ accountId: true, alias: true, owner: true, mode: true }),
  sweep: SweepSchema.pick({ executionName: true, mode: true }),
  informational: z.object({ matches: z.array(MatchSchema) }),
});

/** Informational matches have no resource tags or stack to route by. */
const NO_RESOURCE_ROUTING = { ownerTagKey: 'Owner', stackOwners: {} } as const;

type NotifyStatus = 'SENT' | 'DUPLICATE' | 'NOT_SENT';

interface NotifyResult {
  readonly ruleId: string;
  readonly severity: string;
  readonly summary: string;
  readonly subject: string;
  readonly arn: string;
  readonly decision: Decision;
  readonly reason: string;
  readonly exemptionId: string | null;
  readonly status: NotifyStatus;
  readonly messageId: string | null;
}

/** Informational rules have no remediation; each match carries its rule's mode. */
function matchSettings(matches: readonly RuleMatch[]): RuleDecisionSettings {
  return { ruleModes: new Map(matches.map((m) => [m.ruleId, m.mode])), remediable: new Set() };
}

function createNotify(deps: NotifyDeps) {
  return async (input: unknown): Promise<{ notifications: NotifyResult[] }> => {
    const parsed = parseInput(NotifyInputSchema, input, 'Notify input');
    const { target, sweep } = parsed;
    const event = parsed.event as unknown as Partial<EventSummary>;
    const matches = parsed.informational.matches as RuleMatch[];
    if (matches.length === 0) return { notifications: [] };
    // Each match is decided as a finding about its subject, in the event's account and region.
    const decide = createDecider(deps, matchSettings(matches), 'when-needed');
    const { decided } = await decide(
      target,
      sweep,
      matches.map((match) => ({
        match,
        ruleId: match.ruleId,
        accountId: target.accountId,
        region: event.region ?? '',
        arn: match.subject.arn,
        status: 'NON_COMPLIANT' as const,
      })),
    );
    const results: NotifyResult[] = [];
    for (const { match, decision, decisionReason: reason, exemptionId } of decided) {
      const notification = composeMatchNotification(
        match,
        { decision, reason, ...(exemptionId === undefined ? {} : { exemptionId }) },
        {
          event,
          accountAlias: target.alias,
          // What these rules match (a sign-in, a call, a parameter) carries no tags: the account's owner.
          ...resolveOwner({ tags: {}, accountOwner: target.owner }, NO_RESOURCE_ROUTING),
          executionName: sweep.executionName,
        },
      );
      const base = {
        ruleId: match.ruleId,
        severity: match.severity,
        summary: match.summary,
        subject: notification.subject,
        arn: match.subject.arn,
        decision,
        reason,
        exemptionId: exemptionId ?? null,
      };
      if (decision !== 'NOTIFY') {
        results.push({ ...base, status: 'NOT_SENT', messageId: null });
        continue;
      }
      const sent = await sendUnlessRepeated(
        deps.dedupe,
        `${match.ruleId}/${target.accountId}/${match.dedupeKey}`,
        { ruleId: match.ruleId, accountId: target.accountId },
        () => deps.publish(notification),
      );
      results.push(
        sent.repeated
          ? { ...base, reason: `${reason}; ${REPEAT_NOTE}`, status: 'DUPLICATE', messageId: null }
          : { ...base, status: 'SENT', messageId: sent.sent.messageId },
      );
    }
    return { notifications: results };
  };
}

export type { NotifyDeps, NotifyResult, NotifyStatus };
export { createNotify };
