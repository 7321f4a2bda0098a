/**
 * `Summarize`: joins every account's result with its stored decisions into the sweep report
 * (JSON for machines, Markdown for people) and stores both. Only references and totals travel on.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { driftByStack } from '../shared/drift';
import { recordsOfExecution } from '../shared/ledger';
import type { ExemptionProblem, Finding } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { parseInput, SweepSchema } from '../shared/schemas';
import { renderMarkdown } from './markdown';
import { type AccountResult, buildReport } from './report';

interface SummarizeDeps {
  readonly store: ObjectStore;
  readonly ddb: DynamoDBDocumentClient;
  readonly ledgerTable: string;
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
  accounts: z.array(
    z
      .object({
        accountId: z.string(),
        alias: z.string(),
        status: z.enum(['OK', 'UNREACHABLE', 'FAILED']),
      })
      .passthrough(),
  ),
  invalidTargets: z.array(z.object({ accountId: z.string(), alias: z.string(), error: z.string() })),
  exemptionProblems: z.array(z.object({ exemptionId: z.string(), problem: z.string() })),
});

function createSummarize(deps: SummarizeDeps) {
  return async (event: unknown): Promise<SummarizeOutput> => {
    const input = parseInput(SummarizeInputSchema, event, 'Summarize input');
    const accounts = input.accounts as unknown as AccountResult[];
    const decided = new Map<string, Finding[]>();
    for (const account of accounts) {
      if (account.status === 'OK') {
        decided.set(account.accountId, await deps.store.getJson<Finding[]>(account.decisions.decisionsRef));
      }
    }
    const records = await recordsOfExecution(deps.ddb, deps.ledgerTable, input.sweep.executionName);
    const report = buildReport({
      sweep: input.sweep,
      accounts,
      decided,
      invalidTargets: input.invalidTargets,
      exemptionProblems: input.exemptionProblems as ExemptionProblem[],
      drift: driftByStack(records),
    });
    // Remediation records also go to S3 as JSON lines, for audit long after the table's items.
    const remediations = records.filter((r) => Array.isArray(r.apiCalls) && r.apiCalls.length > 0);
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
    return {
      reportRef,
      markdownRef,
      resourcesEvaluated: report.resourcesEvaluated,
      findings: report.findings.length,
      unreachableAccounts: report.accounts.filter((a) => a.status !== 'OK').length,
    };
  };
}

export type { SummarizeDeps, SummarizeOutput };
export { createSummarize };
