/**
 * Repeat notifications: the one place where the event path and the sweep treat a NOTIFY decision
 * differently, and why.
 *
 * The event path drops a notification already sent within the duplicate-suppression window
 * (`tasks/shared/notification/dedupe.ts`): CloudTrail delivers at least once, and a burst of calls
 * (a deploy tagging fifty instances, a loop of `PutBucketPolicy`) re-checks the same resource over
 * and over; each re-check would otherwise page the owner again about the same thing.
 *
 * The sweep does not: it runs on a schedule, and `Notify owners` sends each owner one digest per
 * sweep of what is non-compliant now. A resource that is still non-compliant at the next sweep
 * belongs in that digest again; dropping it because an event (or an earlier sweep) mentioned it
 * within the window would make the digest say less than the report.
 */

import type { Finding } from '../shared/model';
import type { Deduplicator } from '../shared/notification/dedupe';

/** A decided finding, as the event path stores it: `suppressedDuplicate` when it was not sent again. */
type DecidedFinding = Finding & { readonly suppressedDuplicate?: boolean };

const REPEAT_NOTE = 'already notified within the duplicate-suppression window';

/**
 * The event path's findings with every NOTIFY already notified within the window marked
 * `suppressedDuplicate` (its decision stays NOTIFY, and is recorded; only the message is not sent
 * again). REMEDIATE findings always go on: each remediation is news.
 */
async function suppressRepeatedFindings(decided: readonly Finding[], dedupe: Deduplicator): Promise<DecidedFinding[]> {
  const out: DecidedFinding[] = [];
  for (const finding of decided) {
    if (finding.decision !== 'NOTIFY') {
      out.push(finding);
      continue;
    }
    const claim = await dedupe.claim(`finding/${finding.findingId}/${finding.status}`, {
      ruleId: finding.ruleId,
      accountId: finding.accountId,
    });
    out.push(
      claim.first
        ? finding
        : { ...finding, decisionReason: `${finding.decisionReason ?? ''}; ${REPEAT_NOTE}`, suppressedDuplicate: true },
    );
  }
  return out;
}

/**
 * Sends an informational notification unless `key` was notified within the window. A send that
 * fails gives the claim back, so a retry of the state can send it.
 */
async function sendUnlessRepeated<T>(
  dedupe: Deduplicator,
  key: string,
  info: Record<string, string>,
  send: () => Promise<T>,
): Promise<{ readonly repeated: true } | { readonly repeated: false; readonly sent: T }> {
  const claim = await dedupe.claim(key, info);
  if (!claim.first) return { repeated: true };
  try {
    return { repeated: false, sent: await send() };
  } catch (error) {
    await dedupe.release(key);
    throw error;
  }
}

export type { DecidedFinding };
export { REPEAT_NOTE, sendUnlessRepeated, suppressRepeatedFindings };
