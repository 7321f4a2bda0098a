/**
 * `warden trail`'s engine: CloudTrail log files, one at a time (streamed, gunzipped), each record
 * wrapped as EventBridge would wrap it and kept only when a trigger rule of the deployed central bus
 * would start the EventStateMachine for it (the rules' own patterns, `patterns.ts`). Only those run,
 * one after the other, through one local event session (one set of embedded tables, one engine):
 * a day of an organisation is mostly read-only calls that never reach an execution.
 *
 * What comes back is the digest (`TrailDigest`): counts of files and records at every step, the
 * notifications that would have gone out and the remediations that would have been planned, each
 * with the rule and account, and every record that was rejected or whose execution failed, with why.
 * A file that cannot be read is listed with its error and the run goes on with the others.
 */
import { createReadStream } from 'node:fs';
import { CloudTrailLogError, readCloudTrailLog } from '../../tasks/shared/events/cloudtrail-log';
import { asEventBridgeEvent } from '../../tasks/shared/events/cloudtrail-record';
import { isRecord, type Json } from '../../tasks/shared/events/json';
import { compilePatterns } from '../../tasks/shared/events/pattern';
import type { ExemptionProblem } from '../../tasks/shared/model';
import type { FindingOutcome, LocalEventOptions, LocalEventResult } from '../run-event';
import { openLocalEventSession } from '../run-event';
import { eventWorkflows as defaultEventWorkflows } from '../workflows';
import { triggerPatterns } from './patterns';

interface TrailOptions extends LocalEventOptions {
  /** Records before it are counted (`outsideWindow`) and not run. @default no lower bound */
  readonly since?: Date;
  /** Records at or after it are counted (`outsideWindow`) and not run. @default no upper bound */
  readonly until?: Date;
  /** Called after every file and every execution with the counts so far. */
  readonly onProgress?: (progress: TrailProgress) => void;
}

interface TrailProgress {
  readonly files: number;
  readonly filesTotal: number;
  readonly recordsRead: number;
  readonly matched: number;
  readonly executions: number;
}

interface TrailCounts {
  /** Log files read (digests and other files excluded). */
  readonly files: number;
  readonly unreadableFiles: number;
  readonly recordsRead: number;
  /** Records whose eventTime is outside `--since`/`--until` (or unreadable while a window is set). */
  readonly outsideWindow: number;
  /** Records no trigger rule's pattern matches: the bus would not start an execution. */
  readonly ignored: number;
  /** Records a trigger rule matches: each ran through the event state machine. */
  readonly matched: number;
  /** Of the matched: what the execution made of them. */
  readonly processed: number;
  readonly ignoredByWorkflow: number;
  readonly rejected: number;
  readonly failed: number;
  readonly stateTransitions: number;
}

interface TrailNotification {
  readonly subject: string;
  readonly ruleId: string;
  readonly accountId: string;
  readonly severity: string;
  readonly eventId: string;
  readonly eventName: string;
}

interface TrailRemediation {
  readonly findingId: string;
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
  readonly arn: string;
  readonly outcome: string;
  readonly apiCalls: unknown[];
}

/** A matched record that did not end well: rejected by the event path, or an execution that failed. */
interface TrailProblem {
  readonly file: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly accountId: string;
  readonly outcome: 'REJECTED' | 'FAILED';
  readonly reason: string;
}

/** One rule in one account: what would have gone out and what would have been planned. */
interface TrailDigestEntry {
  readonly ruleId: string;
  readonly accountId: string;
  readonly alias: string;
  readonly notifications: string[];
  readonly remediations: { readonly resourceId: string; readonly outcome: string; readonly operations: string[] }[];
}

interface TrailDigest {
  readonly counts: TrailCounts;
  /** The trigger rules whose patterns filtered the records, and how many records each matched. */
  readonly patterns: Record<string, number>;
  readonly digest: TrailDigestEntry[];
  readonly notifications: TrailNotification[];
  readonly remediations: TrailRemediation[];
  readonly unreadableFiles: { readonly file: string; readonly error: string }[];
  readonly problems: TrailProblem[];
  readonly unstorableExemptions: ExemptionProblem[];
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Whether a record's eventTime lies in [since, until); a window with an unreadable time excludes it. */
function inWindow(record: unknown, since: Date | undefined, until: Date | undefined): boolean {
  if (since === undefined && until === undefined) return true;
  const time = Date.parse(textOf(isRecord(record) ? record.eventTime : undefined));
  if (Number.isNaN(time)) return false;
  return (since === undefined || time >= since.getTime()) && (until === undefined || time < until.getTime());
}

function attribute(message: LocalEventResult['published'][number], name: string): string {
  return message.MessageAttributes?.[name]?.StringValue ?? '';
}

class DigestBuilder {
  public readonly notifications: TrailNotification[] = [];
  public readonly remediations: TrailRemediation[] = [];
  private readonly aliases = new Map<string, string>();

  /** Aliases of the accounts file (an execution's own target, when it has one, is added as it runs). */
  public constructor(accounts: readonly Record<string, unknown>[] = []) {
    for (const a of accounts) {
      if (typeof a.accountId === 'string' && typeof a.alias === 'string') this.aliases.set(a.accountId, a.alias);
    }
  }

  public add(result: LocalEventResult, record: Json): void {
    const eventId = textOf(record.eventID);
    const eventName = textOf(record.eventName);
    // A target without an alias of its own is named by its id: that never hides the accounts file's alias.
    const target = result.target;
    if (target !== undefined && target.alias !== target.accountId) this.aliases.set(target.accountId, target.alias);
    for (const m of result.published) {
      this.notifications.push({
        subject: m.Subject ?? '',
        ruleId: attribute(m, 'ruleId'),
        accountId: attribute(m, 'accountId'),
        severity: attribute(m, 'severity'),
        eventId,
        eventName,
      });
    }
    const outcomes = new Map<string, FindingOutcome>(result.findingOutcomes.map((o) => [o.findingId, o]));
    for (const f of result.decisions) {
      const remediation = outcomes.get(f.findingId)?.remediation;
      if (remediation === undefined || remediation.outcome === 'NOT_ATTEMPTED') continue;
      this.remediations.push({
        findingId: f.findingId,
        ruleId: f.ruleId,
        accountId: f.accountId,
        region: f.region,
        resourceId: f.resourceId,
        arn: f.arn,
        outcome: remediation.outcome,
        apiCalls: remediation.apiCalls ?? [],
      });
    }
  }

  /** Per rule and account, sorted: the subjects notified and the remediations planned. */
  public entries(): TrailDigestEntry[] {
    const byKey = new Map<string, TrailDigestEntry>();
    const entry = (ruleId: string, accountId: string) => {
      const key = `${ruleId}\u0000${accountId}`;
      let e = byKey.get(key);
      if (e === undefined) {
        e = { ruleId, accountId, alias: this.aliases.get(accountId) ?? accountId, notifications: [], remediations: [] };
        byKey.set(key, e);
      }
      return e;
    };
    for (const n of this.notifications) entry(n.ruleId, n.accountId).notifications.push(n.subject);
    for (const r of this.remediations) {
      entry(r.ruleId, r.accountId).remediations.push({
        resourceId: r.resourceId,
        outcome: r.outcome,
        operations: (r.apiCalls as { service?: string; operation?: string }[]).map(
          (c) => `${c.service ?? '?'}:${c.operation ?? '?'}`,
        ),
      });
    }
    return [...byKey.values()].sort(
      (a, b) => a.ruleId.localeCompare(b.ruleId) || a.accountId.localeCompare(b.accountId),
    );
  }
}

/** Runs the records of `files` that the trigger rules match through the event state machine. */
async function runLocalTrail(files: readonly string[], options: TrailOptions = {}): Promise<TrailDigest> {
  const wf = options.workflows ?? defaultEventWorkflows();
  const patternsByRule = triggerPatterns(wf.template, wf.event.logicalId, options.watchList ?? []);
  const patterns = compilePatterns(patternsByRule);
  const perPattern: Record<string, number> = Object.fromEntries(patterns.names.map((n) => [n, 0]));
  const counts = {
    files: 0,
    unreadableFiles: 0,
    recordsRead: 0,
    outsideWindow: 0,
    ignored: 0,
    matched: 0,
    processed: 0,
    ignoredByWorkflow: 0,
    rejected: 0,
    failed: 0,
    stateTransitions: 0,
  };
  const unreadableFiles: TrailDigest['unreadableFiles'] = [];
  const problems: TrailProblem[] = [];
  const digest = new DigestBuilder(options.accounts);
  const progress = () =>
    options.onProgress?.({
      files: counts.files + counts.unreadableFiles,
      filesTotal: files.length,
      recordsRead: counts.recordsRead,
      matched: counts.matched,
      executions: counts.processed + counts.ignoredByWorkflow + counts.rejected + counts.failed,
    });

  const session = await openLocalEventSession({ ...options, workflows: wf });
  try {
    for (const file of files) {
      let records: unknown[];
      try {
        records = await readCloudTrailLog(createReadStream(file), file);
      } catch (error) {
        if (!(error instanceof CloudTrailLogError)) throw error;
        counts.unreadableFiles += 1;
        unreadableFiles.push({ file, error: error.message });
        progress();
        continue;
      }
      counts.files += 1;
      for (const record of records) {
        counts.recordsRead += 1;
        if (!inWindow(record, options.since, options.until)) {
          counts.outsideWindow += 1;
          continue;
        }
        const event = asEventBridgeEvent(record).event;
        const rules = patterns.matching(event);
        if (rules.length === 0) {
          counts.ignored += 1;
          continue;
        }
        counts.matched += 1;
        for (const rule of rules) perPattern[rule] = (perPattern[rule] ?? 0) + 1;
        const result = await session.run(event, counts.matched - 1, { readLedger: false });
        counts.stateTransitions += result.execution.stateTransitions;
        const detail = isRecord(record) ? record : {};
        if (result.outcome === 'REJECTED' || result.outcome === 'FAILED') {
          counts[result.outcome === 'REJECTED' ? 'rejected' : 'failed'] += 1;
          problems.push({
            file,
            eventId: textOf(detail.eventID),
            eventName: textOf(detail.eventName),
            accountId: textOf(detail.recipientAccountId),
            outcome: result.outcome,
            reason:
              result.outcome === 'FAILED'
                ? `${result.execution.error ?? 'error'}: ${result.execution.cause ?? ''}`
                : result.reason,
          });
        } else {
          counts[result.outcome === 'IGNORED' ? 'ignoredByWorkflow' : 'processed'] += 1;
        }
        digest.add(result, detail);
        progress();
      }
      progress();
    }
  } finally {
    await session.close();
  }
  return {
    counts,
    patterns: perPattern,
    digest: digest.entries(),
    notifications: digest.notifications,
    remediations: digest.remediations,
    unreadableFiles,
    problems,
    unstorableExemptions: session.unstorableExemptions,
  };
}

export type {
  TrailCounts,
  TrailDigest,
  TrailDigestEntry,
  TrailNotification,
  TrailOptions,
  TrailProblem,
  TrailProgress,
  TrailRemediation,
};
export { runLocalTrail };
