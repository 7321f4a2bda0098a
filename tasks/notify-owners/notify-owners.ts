/**
 * `Notify owners`: after every account is swept, sends each owner one message for the sweep
 * (`./digest.ts`): their NOTIFY findings and what became of their REMEDIATE findings (the outcomes
 * `Save outcomes` stored: fixed, failed, planned, held back). Only a remediation at or above
 * `immediateSeverity` was also sent on its own (`Immediate or digest`). The owner is the one
 * `Check exemptions` resolved (tasks/shared/notification/owner.ts: tag, stack, account, `unassigned`).
 * A publish that fails is recorded, never fatal: the report says which findings were not delivered.
 * What was sent, and which findings each message carried, is stored for `Summarize`.
 */
import { z } from 'zod';
import { readAccountResults, readDecisions, withOutcomes } from '../shared/account-results';
import { describeError } from '../shared/errors';
import { MapRunResultsSchema } from '../shared/map-results';
import type { Finding } from '../shared/model';
import { UNASSIGNED } from '../shared/notification/owner';
import type { Publisher } from '../shared/notification/publish';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { errorText, type FindingOutcome } from '../shared/report';
import { parseInput, SweepSchema } from '../shared/schemas';
import { composeOwnerDigest, type DigestItem } from './digest';

interface NotifyOwnersDeps {
  readonly store: ObjectStore;
  readonly publish: Publisher;
}

/** One owner's message of one sweep, as `Summarize` reads it. */
interface OwnerNotice {
  readonly owner: string;
  readonly subject: string;
  readonly severity: string;
  readonly status: 'SENT' | 'FAILED';
  readonly error?: string;
  readonly findingIds: string[];
  /** The rule and the account, when all of the owner's findings share one (else `*`). */
  readonly ruleId: string;
  readonly accountId: string;
}

interface NotifyOwnersOutput {
  readonly noticesRef: string;
  readonly sent: number;
  readonly failed: number;
}

const NotifyOwnersInputSchema = z.object({ sweep: SweepSchema, accountResults: MapRunResultsSchema });

function ownerOf(f: Finding): string {
  return f.notification?.attributes.owner ?? UNASSIGNED;
}

/** A finding of the digest: NOTIFY, or REMEDIATE with the outcome its per-item states reported. */
function digestItem(f: Finding, outcome: FindingOutcome | undefined): DigestItem | undefined {
  if (f.decision === 'NOTIFY') {
    return {
      finding: f,
      decision: 'NOTIFY',
      ...(f.decisionReason === undefined ? {} : { decisionReason: f.decisionReason }),
    };
  }
  if (f.decision !== 'REMEDIATE') return undefined;
  const decisionReason = outcome?.decisionReason ?? f.decisionReason;
  const error = errorText(outcome);
  return {
    finding: f,
    // Remediate turns REMEDIATE into NOTIFY when it held the fix back (kill switch, loop breaker, sweep cap).
    decision: outcome?.decision ?? 'REMEDIATE',
    ...(decisionReason === undefined ? {} : { decisionReason }),
    ...(outcome === undefined
      ? { error: 'no outcome was reported for this remediation' }
      : { outcome: outcome.remediation.outcome }),
    ...(error === undefined ? {} : { error }),
  };
}

function createNotifyOwners(deps: NotifyOwnersDeps) {
  return async (event: unknown): Promise<NotifyOwnersOutput> => {
    const { sweep, accountResults } = parseInput(NotifyOwnersInputSchema, event, 'Notify owners input');
    const accounts = await withOutcomes(deps.store, await readAccountResults(deps.store, accountResults));
    const decided = await readDecisions(deps.store, accounts);
    const outcomes = new Map(
      accounts.flatMap((a) => (a.status === 'OK' ? a.outcomes : [])).map((o) => [o.findingId, o]),
    );
    const byOwner = new Map<string, DigestItem[]>();
    for (const f of [...decided.values()].flat()) {
      const item = digestItem(f, outcomes.get(f.findingId));
      if (item === undefined) continue;
      const list = byOwner.get(ownerOf(f));
      if (list === undefined) byOwner.set(ownerOf(f), [item]);
      else list.push(item);
    }

    const notices: OwnerNotice[] = [];
    for (const [owner, items] of [...byOwner].sort(([a], [b]) => a.localeCompare(b))) {
      const digest = composeOwnerDigest(items, {
        owner,
        executionName: sweep.executionName,
        reportRef: artifactKeys.reportMarkdown(sweep.sweepId),
      });
      const base = {
        owner,
        subject: digest.subject,
        severity: digest.attributes.severity ?? 'INFORMATIONAL',
        findingIds: items.map((i) => i.finding.findingId),
        ruleId: digest.attributes.ruleId ?? '*',
        accountId: digest.attributes.accountId ?? '*',
      };
      try {
        await deps.publish(digest);
        notices.push({ ...base, status: 'SENT' });
      } catch (error) {
        notices.push({ ...base, status: 'FAILED', error: describeError(error) });
      }
    }
    const noticesRef = artifactKeys.ownerNotices(sweep.sweepId);
    await deps.store.putJson(noticesRef, notices);
    return {
      noticesRef,
      sent: notices.filter((n) => n.status === 'SENT').length,
      failed: notices.filter((n) => n.status === 'FAILED').length,
    };
  };
}

export type { NotifyOwnersDeps, NotifyOwnersOutput, OwnerNotice };
export { createNotifyOwners };
