/**
 * `Notify owners`: after every account is swept, sends each owner one message with all of their
 * NOTIFY findings of this sweep (REMEDIATE findings are notified by their own per-item states).
 * A publish that fails is recorded, never fatal: the report says which findings were not delivered.
 * What was sent, and which findings each message carried, is stored for `Summarize`.
 */
import { z } from 'zod';
import { readAccountResults, readDecisions } from '../shared/account-results';
import { describeError } from '../shared/errors';
import { MapRunResultsSchema } from '../shared/map-results';
import type { Finding } from '../shared/model';
import type { Publisher } from '../shared/notification/publish';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { parseInput, SweepSchema } from '../shared/schemas';
import { composeOwnerDigest } from './digest';

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
  return f.notification?.attributes.owner ?? 'unassigned';
}

function createNotifyOwners(deps: NotifyOwnersDeps) {
  return async (event: unknown): Promise<NotifyOwnersOutput> => {
    const { sweep, accountResults } = parseInput(NotifyOwnersInputSchema, event, 'Notify owners input');
    const decided = await readDecisions(deps.store, await readAccountResults(deps.store, accountResults));
    const byOwner = new Map<string, Finding[]>();
    for (const f of [...decided.values()].flat()) {
      if (f.decision !== 'NOTIFY') continue;
      const list = byOwner.get(ownerOf(f));
      if (list === undefined) byOwner.set(ownerOf(f), [f]);
      else list.push(f);
    }

    const notices: OwnerNotice[] = [];
    for (const [owner, findings] of [...byOwner].sort(([a], [b]) => a.localeCompare(b))) {
      const digest = composeOwnerDigest(findings, {
        owner,
        executionName: sweep.executionName,
        reportRef: artifactKeys.reportMarkdown(sweep.sweepId),
      });
      const base = {
        owner,
        subject: digest.subject,
        severity: digest.attributes.severity ?? 'INFORMATIONAL',
        findingIds: findings.map((f) => f.findingId),
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
