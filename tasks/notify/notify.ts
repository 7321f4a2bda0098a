/**
 * `Notify`: what the informational rules matched on an event (a failed sign-in, a VPC created, a
 * parameter changed, a watched call). Each match is decided like a finding (DESIGN §4.3: an active
 * SUPPRESS exemption → EXEMPT, NOTIFY_ONLY → NOTIFY, else the mode: audit → NONE, otherwise NOTIFY),
 * deduplicated (at most once per window), and published to the Warden topic with message
 * attributes subscribers filter on.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { KNOWN_RULE_IDS } from '../rules/settings';
import { decide, effectiveMode } from '../shared/decide';
import type { EventSummary, RuleMatch } from '../shared/events/event-model';
import { loadAccountExemptions } from '../shared/exemption-lookup';
import { findExemption } from '../shared/exemptions';
import type { KillSwitch } from '../shared/kill-switch';
import { type Decision, MODES, type Notification, SEVERITIES } from '../shared/model';
import { composeMatchNotification } from '../shared/notification/compose-event';
import type { Deduplicator } from '../shared/notification/dedupe';
import type { Publisher } from '../shared/notification/publish';
import { parseInput } from '../shared/schemas';

/** Sends one notification (SNS Publish in AWS, the local outbox offline). */
interface NotifyDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly exemptionsTable: string;
  /** The operators' kill switch: `audit` silences informational notifications too. */
  readonly killSwitch: KillSwitch;
  readonly dedupe: Deduplicator;
  readonly publish: Publisher;
  readonly now?: () => Date;
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
  target: z.object({
    accountId: z.string().regex(/^\d{12}$/),
    alias: z.string().min(1),
    owner: z.string().min(1).optional(),
    mode: z.enum(MODES).optional(),
  }),
  sweep: z.object({ executionName: z.string().min(1), mode: z.enum(MODES) }),
  informational: z.object({ matches: z.array(MatchSchema) }),
});

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

function createNotify(deps: NotifyDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<{ notifications: NotifyResult[] }> => {
    const parsed = parseInput(NotifyInputSchema, input, 'Notify input');
    const { target, sweep } = parsed;
    const event = parsed.event as unknown as Partial<EventSummary>;
    const matches = parsed.informational.matches as RuleMatch[];
    if (matches.length === 0) return { notifications: [] };
    const at = now();
    // Informational matches have no remediation: an unhonoured item cannot hold anything back here.
    const { exemptions, error: lookupError } = await loadAccountExemptions(
      deps.ddb,
      deps.exemptionsTable,
      target.accountId,
      at,
      KNOWN_RULE_IDS,
    );
    const killSwitch = await deps.killSwitch();
    const results: NotifyResult[] = [];
    for (const match of matches) {
      const exemption =
        exemptions === undefined
          ? undefined
          : findExemption(
              exemptions,
              { ruleId: match.ruleId, accountId: target.accountId, region: event.region ?? '', arn: match.subject.arn },
              at,
            );
      const mode = effectiveMode(sweep.mode, target.mode, match.mode, killSwitch.ceiling);
      const raw = decide({
        status: 'NON_COMPLIANT',
        mode,
        hasRemediation: false,
        ...(exemption === undefined ? {} : { exemption }),
        ...(lookupError === undefined ? {} : { exemptionLookupError: lookupError }),
      });
      const decided =
        killSwitch.ceiling !== undefined && mode === killSwitch.ceiling
          ? { ...raw, reason: `${raw.reason} (${killSwitch.reason})` }
          : raw;
      const notification = composeMatchNotification(match, decided, {
        event,
        accountAlias: target.alias,
        ...(target.owner === undefined ? {} : { owner: target.owner }),
        executionName: sweep.executionName,
      });
      const base = {
        ruleId: match.ruleId,
        severity: match.severity,
        summary: match.summary,
        subject: notification.subject,
        arn: match.subject.arn,
        decision: decided.decision,
        reason: decided.reason,
        exemptionId: decided.exemptionId ?? null,
      };
      if (decided.decision !== 'NOTIFY') {
        results.push({ ...base, status: 'NOT_SENT', messageId: null });
        continue;
      }
      const key = `${match.ruleId}/${target.accountId}/${match.dedupeKey}`;
      const claim = await deps.dedupe.claim(key, { ruleId: match.ruleId, accountId: target.accountId });
      if (!claim.first) {
        results.push({
          ...base,
          reason: `${decided.reason}; already notified within the duplicate-suppression window`,
          status: 'DUPLICATE',
          messageId: null,
        });
        continue;
      }
      try {
        const { messageId } = await deps.publish(notification);
        results.push({ ...base, status: 'SENT', messageId });
      } catch (error) {
        // Not sent: give the claim back so a retry of this state can send it.
        await deps.dedupe.release(key);
        throw error;
      }
    }
    return { notifications: results };
  };
}

export type { NotifyDeps, NotifyResult, NotifyStatus };
export { createNotify };
