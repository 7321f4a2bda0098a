/**
 * `Summarize`: joins every account's result with its stored decisions into the sweep report
 * (JSON for machines, Markdown for people) and stores both; reviews the exemptions (expiring soon,
 * stale, invalid) and reminds the requesters of expiring ones. Only references and totals travel on.
 * Neither an unreadable Exemptions table nor an SNS failure loses the report: each is stated in it.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { KNOWN_RULE_IDS } from '../rules/settings';
import { readAccountResults, readDecisions, withOutcomes } from '../shared/account-results';
import { capNotice } from '../shared/blast-radius';
import { driftByStack } from '../shared/drift';
import { scanAll } from '../shared/dynamo';
import { describeError, LedgerIncompleteError } from '../shared/errors';
import {
  type ExemptionReview,
  expiryReminder,
  reviewExemptions,
  type SweepScope,
  unreadableReview,
} from '../shared/exemption-review';
import { ledgerRecord, recordsOfExecution } from '../shared/ledger';
import { MapRunResultsSchema } from '../shared/map-results';
import type { Finding } from '../shared/model';
import type { Publisher } from '../shared/notification/publish';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import {
  type AccountResult,
  buildReport,
  type CapNoticeResult,
  heldBackByCap,
  type LedgerFailure,
  type OwnerNoticeResult,
  type ReminderResult,
} from '../shared/report';
import { parseInput, SweepSchema } from '../shared/schemas';
import { renderMarkdown } from './markdown';

interface SummarizeDeps {
  readonly store: ObjectStore;
  readonly ddb: DynamoDBDocumentClient;
  readonly ledgerTable: string;
  readonly exemptionsTable: string;
  /** Reminders to requesters of expiring exemptions (the notifications topic). */
  readonly publish: Publisher;
  readonly now?: () => Date;
}

interface SummarizeOutput {
  readonly reportRef: string;
  readonly markdownRef: string;
  readonly resourcesEvaluated: number;
  readonly findings: number;
  readonly unreachableAccounts: number;
}

const SummarizeInputSchema = z.object({
  sweep: SweepSchema,
  /** Where the sweep's Distributed Map exported the accounts' results (its ResultWriter). */
  accountResults: MapRunResultsSchema,
  /** What `Notify owners` returned: where its record of what it sent is (none when it failed). */
  ownerNotices: z
    .object({ noticesRef: z.string().min(1).optional() })
    .passthrough()
    .optional(),
  /** Where `Resolve targets` stored the Accounts items it could not sweep (invalid), and the exemption items that never match. */
  invalidTargetsRef: z.string().min(1),
  exemptionProblemsRef: z.string().min(1),
});

const InvalidTargetsSchema = z.array(z.object({ accountId: z.string(), alias: z.string(), error: z.string() }));
const ExemptionProblemsSchema = z.array(z.object({ exemptionId: z.string(), problem: z.string() }));

function createSummarize(deps: SummarizeDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<SummarizeOutput> => {
    const input = parseInput(SummarizeInputSchema, event, 'Summarize input');
    const [invalidTargets, exemptionProblems] = await Promise.all([
      deps.store
        .getJson<unknown>(input.invalidTargetsRef)
        .then((v) => parseInput(InvalidTargetsSchema, v, input.invalidTargetsRef)),
      deps.store
        .getJson<unknown>(input.exemptionProblemsRef)
        .then((v) => parseInput(ExemptionProblemsSchema, v, input.exemptionProblemsRef)),
    ]);
    const accounts = await withOutcomes(deps.store, await readAccountResults(deps.store, input.accountResults));
    const noticesRef = input.ownerNotices?.noticesRef;
    const ownerNotices = noticesRef === undefined ? [] : await deps.store.getJson<OwnerNoticeResult[]>(noticesRef);
    const decided = await readDecisions(deps.store, accounts);
    const records = await recordsOfExecution(deps.ddb, deps.ledgerTable, input.sweep.executionName);
    const exemptionReview = await review(deps, accounts, decided, now());
    const reminders = await remind(deps.publish, exemptionReview, input.sweep.executionName);
    const capNoticeResult = await tellOperatorsOfCaps(deps.publish, accounts, decided, input.sweep.executionName);
    const report = buildReport({
      sweep: input.sweep,
      accounts,
      decided,
      invalidTargets,
      exemptionProblems,
      drift: driftByStack(records),
      exemptionReview,
      reminders,
      ownerNotices,
      ...(capNoticeResult !== undefined ? { capNotice: capNoticeResult } : {}),
    });
    // Remediation records also go to S3 as JSON lines, for audit long after the table's items;
    // those the table refused are kept here from what the sweep itself returned.
    const remediations = [
      ...records.filter((r) => Array.isArray(r.apiCalls) && r.apiCalls.length > 0),
      ...unwrittenRecords(accounts, decided, report.ledgerFailures, input.sweep),
    ];
    if (remediations.length > 0) {
      await deps.store.putText(
        artifactKeys.ledgerLines(input.sweep.startedAt, input.sweep.executionName),
        `${remediations.map((r) => JSON.stringify(r)).join('\n')}\n`,
        'application/x-ndjson',
      );
    }
    const reportRef = artifactKeys.report(input.sweep.sweepId);
    const markdownRef = artifactKeys.reportMarkdown(input.sweep.sweepId);
    await deps.store.putJson(reportRef, report);
    await deps.store.putText(markdownRef, renderMarkdown(report), 'text/markdown; charset=utf-8');
    if (report.ledgerFailures.length > 0) {
      const [first] = report.ledgerFailures;
      throw new LedgerIncompleteError(
        `${report.ledgerFailures.length} remediation record(s) could not be written to the Ledger table after retries ` +
          `(first: ${first?.findingId} on ${first?.arn}: ${first?.error}). They are listed in the report (${reportRef}) ` +
          `and kept in ${artifactKeys.ledgerLines(input.sweep.startedAt, input.sweep.executionName)}; fix the table and re-run the sweep.`,
      );
    }
    return {
      reportRef,
      markdownRef,
      resourcesEvaluated: report.resourcesEvaluated,
      findings: report.findings.length,
      unreachableAccounts: report.accounts.filter((a) => a.status !== 'OK').length,
    };
  };
}

/**
 * The remediation records the Ledger table refused, rebuilt from the sweep's own results (the
 * finding and what Remediate returned), marked with why they are not in the table.
 */
function unwrittenRecords(
  accounts: readonly AccountResult[],
  decided: ReadonlyMap<string, readonly Finding[]>,
  failures: readonly LedgerFailure[],
  sweep: { readonly executionName: string; readonly executionArn: string },
): Record<string, unknown>[] {
  if (failures.length === 0) return [];
  const failed = new Map(failures.map((f) => [f.findingId, f]));
  const out: Record<string, unknown>[] = [];
  for (const account of accounts) {
    if (account.status !== 'OK') continue;
    const findings = new Map((decided.get(account.accountId) ?? []).map((f) => [f.findingId, f]));
    for (const outcome of account.outcomes) {
      const failure = failed.get(outcome.findingId);
      const finding = findings.get(outcome.findingId);
      if (failure === undefined || finding === undefined) continue;
      out.push({
        ...ledgerRecord(
          finding,
          String(outcome.remediation.at ?? ''),
          { executionName: sweep.executionName, executionArn: sweep.executionArn },
          outcome.remediation as never,
        ),
        ledgerWriteError: failure.error,
      });
    }
  }
  return out;
}

async function review(
  deps: SummarizeDeps,
  accounts: readonly AccountResult[],
  decided: ReadonlyMap<string, readonly Finding[]>,
  at: Date,
): Promise<ExemptionReview> {
  let items: Record<string, unknown>[];
  try {
    items = await scanAll(deps.ddb, deps.exemptionsTable);
  } catch (error) {
    return unreadableReview(`the Exemptions table could not be read: ${describeError(error)}`);
  }
  const matched = new Set<string>();
  const scope: SweepScope = { accountIds: new Set(), ruleIds: new Set() };
  for (const account of accounts) {
    if (account.status !== 'OK') continue;
    (scope.accountIds as Set<string>).add(account.accountId);
    for (const ruleId of Object.keys(account.evaluation.counts)) (scope.ruleIds as Set<string>).add(ruleId);
    for (const f of decided.get(account.accountId) ?? []) if (f.exemptionId !== undefined) matched.add(f.exemptionId);
  }
  return reviewExemptions({ items, knownRuleIds: KNOWN_RULE_IDS, matched, scope, now: at });
}

/**
 * One message to operators when the blast-radius caps held remediations back: which accounts and
 * rules, how many, and which cap. A failed publish is reported, never fatal to the sweep.
 */
async function tellOperatorsOfCaps(
  publish: Publisher,
  accounts: readonly AccountResult[],
  decided: ReadonlyMap<string, readonly Finding[]>,
  executionName: string,
): Promise<CapNoticeResult | undefined> {
  const groups = heldBackByCap(accounts, decided);
  if (groups.length === 0) return undefined;
  const notice = capNotice(groups, { executionName, aliases: new Map(accounts.map((a) => [a.accountId, a.alias])) });
  try {
    await publish(notice);
    return { subject: notice.subject, status: 'SENT' };
  } catch (error) {
    return { subject: notice.subject, status: 'FAILED', error: describeError(error) };
  }
}

/** One reminder per expiring exemption; a failed publish is reported, never fatal to the sweep. */
async function remind(publish: Publisher, review: ExemptionReview, executionName: string): Promise<ReminderResult[]> {
  const results: ReminderResult[] = [];
  for (const e of review.expiringSoon) {
    const reminder = expiryReminder(e, executionName);
    try {
      await publish(reminder);
      results.push({ exemptionId: e.exemptionId, requestedBy: e.requestedBy, subject: reminder.subject, sent: true });
    } catch (error) {
      results.push({
        exemptionId: e.exemptionId,
        requestedBy: e.requestedBy,
        subject: reminder.subject,
        sent: false,
        error: describeError(error),
      });
    }
  }
  return results;
}

export type { SummarizeDeps, SummarizeOutput };
export { createSummarize };
