/**
 * `Send to Security Hub` (opt-in, cdk.json `warden.securityHub`): after `Summarize`, the sweep's
 * findings go to AWS Security Hub in ASFF (tasks/shared/formats/asff.ts), so the console shows
 * Warden's truth. Per account and region, with the account's own Security Hub (a custom
 * integration's default product takes findings only from the account they are about):
 * 1. reads the Warden findings Security Hub holds as failing (GetFindings: Warden's generator,
 *    ACTIVE, Compliance FAILED or NOT_AVAILABLE);
 * 2. imports what is new or changed (BatchImportFindings, at most 100 a call), and each of those
 *    findings that the sweep evaluated (its account swept, its rule run) and no longer finds failing
 *    as fixed: Compliance PASSED;
 * 3. sets the workflow of findings Security Hub already holds (BatchImportFindings sets Workflow and
 *    Note only when it creates a finding): SUPPRESSED with a Note for exemptions, RESOLVED for fixed
 *    ones, NEW again when a Warden suppression no longer applies (BatchUpdateFindings, 100 a call).
 * A throttled call is retried with back-off; what Security Hub refuses (`FailedFindings`,
 * `UnprocessedFindings`) or an account-region that cannot be reached is listed in the output and
 * fails the task (`SecurityHubImportError`) after every other account-region was done, so the
 * execution fails loudly and operators are told, never silently.
 */
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { describeError } from '../shared/aws/aws-errors';
import { collectPages } from '../shared/aws/pager';
import { scanAll } from '../shared/dynamo';
import { productArnOf, toAsff, type WorkflowStatus } from '../shared/formats/asff';
import {
  type ExemptionInfo,
  type ExportContext,
  type ExportedFinding,
  fromReportFinding,
  partitionOf,
  type RuleInfo,
} from '../shared/formats/finding';
import type { ObjectStore } from '../shared/object-store';
import type { Report } from '../shared/report';
import { parseInput } from '../shared/schemas';
import { isThrottlingError } from '../shared/throttling';

/** BatchImportFindings and BatchUpdateFindings take at most 100 findings a call. */
const BATCH_SIZE = 100;
/** A finding Security Hub holds is sent again after this long even if unchanged: it archives findings not updated for 90 days. */
const REFRESH_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
const NOTE_AUTHOR = 'Warden';

class SecurityHubImportError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SecurityHubImportError';
  }
}

interface ImportFindingsDeps {
  readonly store: ObjectStore;
  readonly ddb: DynamoDBDocumentClient;
  readonly exemptionsTable: string;
  /** The Security Hub client of an account-region (the member role's credentials). */
  readonly hubFor: (accountId: string, region: string) => Promise<SecurityHubClient>;
  readonly rules: ReadonlyMap<string, RuleInfo>;
  readonly productVersion: string;
  readonly now?: () => Date;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Calls of one batch while Security Hub throttles. @default 5 */
  readonly maxAttempts?: number;
}

interface Refused {
  readonly accountId: string;
  readonly region: string;
  /** The finding's ASFF Id; absent when the whole account-region failed. */
  readonly id?: string;
  readonly error: string;
}

interface ImportOutput {
  readonly imported: number;
  readonly unchanged: number;
  readonly resolved: number;
  readonly workflowUpdated: number;
  readonly failed: Refused[];
}

const ImportInputSchema = z.object({ reportRef: z.string().min(1) });

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The call, retried with exponential back-off (200 ms, 400 ms, …) while Security Hub throttles. */
async function withBackoff<T>(call: () => Promise<T>, deps: ImportFindingsDeps): Promise<T> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempts = deps.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottlingError(error) || attempt >= attempts) throw error;
      await sleep(200 * 2 ** (attempt - 1));
    }
  }
}

/** What Security Hub shows of a finding: if none of it changed (and it is not getting old), nothing is sent. */
function unchanged(previous: AwsSecurityFinding, next: AwsSecurityFinding, now: Date): boolean {
  const age = now.getTime() - Date.parse(previous.UpdatedAt ?? '');
  return (
    age < REFRESH_AFTER_MS &&
    previous.Compliance?.Status === next.Compliance?.Status &&
    previous.Severity?.Label === next.Severity?.Label &&
    previous.Title === next.Title &&
    previous.Description === next.Description
  );
}

/**
 * The previous finding, fixed: Compliance PASSED, imported again now. Only what a provider sets is
 * sent back: GetFindings also returns what Security Hub fills in itself (Region, ProcessedAt, the
 * `aws/securityhub/*` ProductFields), which an import does not set.
 */
function resolvedCopy(previous: AwsSecurityFinding, at: string): AwsSecurityFinding {
  const productFields = Object.fromEntries(
    Object.entries(previous.ProductFields ?? {}).filter(([key]) => !key.startsWith('aws/')),
  );
  return {
    SchemaVersion: previous.SchemaVersion,
    Id: previous.Id,
    ProductArn: previous.ProductArn,
    ...(previous.ProductName === undefined ? {} : { ProductName: previous.ProductName }),
    ...(previous.CompanyName === undefined ? {} : { CompanyName: previous.CompanyName }),
    GeneratorId: previous.GeneratorId,
    AwsAccountId: previous.AwsAccountId,
    ...(previous.Types === undefined ? {} : { Types: previous.Types }),
    ...(previous.FirstObservedAt === undefined ? {} : { FirstObservedAt: previous.FirstObservedAt }),
    LastObservedAt: at,
    CreatedAt: previous.CreatedAt,
    UpdatedAt: at,
    ...(previous.Severity === undefined ? {} : { Severity: previous.Severity }),
    ...(previous.FindingProviderFields === undefined ? {} : { FindingProviderFields: previous.FindingProviderFields }),
    Title: previous.Title,
    Description: previous.Description,
    ...(previous.Remediation === undefined ? {} : { Remediation: previous.Remediation }),
    ProductFields: productFields,
    Resources: previous.Resources,
    Compliance: { ...previous.Compliance, Status: 'PASSED' },
    Workflow: { Status: 'RESOLVED' },
    RecordState: 'ACTIVE',
  };
}

interface WorkflowChange {
  readonly finding: AwsSecurityFinding;
  readonly status: WorkflowStatus;
  readonly note: string;
}

/**
 * The workflow a finding Security Hub holds must move to, if any. A customer's own NOTIFIED or
 * RESOLVED is left alone unless Warden has something to say (an exemption, a fix); a suppression is
 * lifted only when Warden made it.
 */
function workflowChange(
  previous: AwsSecurityFinding | undefined,
  next: AwsSecurityFinding,
): WorkflowChange | undefined {
  if (previous === undefined) return undefined;
  const was = previous.Workflow?.Status;
  const wanted = (next.Workflow?.Status ?? 'NEW') as WorkflowStatus;
  if (was === wanted) return undefined;
  if (wanted === 'SUPPRESSED') return { finding: next, status: wanted, note: next.Note?.Text ?? 'Exempted in Warden' };
  if (wanted === 'RESOLVED') return { finding: next, status: wanted, note: 'Fixed: Warden finds it compliant now' };
  if (was === 'SUPPRESSED' && previous.Note?.UpdatedBy === NOTE_AUTHOR)
    return { finding: next, status: 'NEW', note: 'The Warden exemption no longer applies' };
  return undefined;
}

function createImportFindings(deps: ImportFindingsDeps) {
  const now = deps.now ?? (() => new Date());

  async function previousFindings(hub: SecurityHubClient, productArn: string): Promise<AwsSecurityFinding[]> {
    return collectPages('Security Hub GetFindings', async (token) => {
      const page = await withBackoff(
        () =>
          hub.send(
            new GetFindingsCommand({
              Filters: {
                ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
                GeneratorId: [{ Value: 'warden/', Comparison: 'PREFIX' }],
                RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
                ComplianceStatus: [
                  { Value: 'FAILED', Comparison: 'EQUALS' },
                  { Value: 'NOT_AVAILABLE', Comparison: 'EQUALS' },
                ],
              },
              MaxResults: 100,
              ...(token === undefined ? {} : { NextToken: token }),
            }),
          ),
        deps,
      );
      return { items: page.Findings ?? [], nextToken: page.NextToken };
    });
  }

  /** One account-region: read what Security Hub holds, import, update workflows. */
  async function importRegion(
    accountId: string,
    region: string,
    partition: string,
    findings: readonly ExportedFinding[],
    context: ExportContext,
    evaluatedRules: ReadonlySet<string>,
  ): Promise<ImportOutput> {
    const hub = await deps.hubFor(accountId, region);
    const at = context.generatedAt;
    const previous = new Map(
      (await previousFindings(hub, productArnOf(partition, region, accountId))).map((f) => [f.Id ?? '', f]),
    );
    const current = findings.map((f) => toAsff(f, context));
    const currentIds = new Set(current.map((f) => f.Id));
    const toImport = current.filter((f) => {
      const before = previous.get(f.Id ?? '');
      return before === undefined || !unchanged(before, f, now());
    });
    const fixed = [...previous.values()]
      .filter((f) => !currentIds.has(f.Id))
      .filter((f) => evaluatedRules.has(String(f.ProductFields?.['warden/ruleId'] ?? '')))
      .map((f) => resolvedCopy(f, at));
    const failed: Refused[] = [];
    let imported = 0;
    for (const batch of chunks([...toImport, ...fixed], BATCH_SIZE)) {
      const output = await withBackoff(() => hub.send(new BatchImportFindingsCommand({ Findings: batch })), deps);
      imported += output.SuccessCount ?? 0;
      for (const f of output.FailedFindings ?? [])
        failed.push({
          accountId,
          region,
          id: f.Id ?? '',
          error: `${f.ErrorCode ?? 'Failed'}: ${f.ErrorMessage ?? ''}`,
        });
    }
    const changes = [...current, ...fixed]
      .map((f) => workflowChange(previous.get(f.Id ?? ''), f))
      .filter((c): c is WorkflowChange => c !== undefined);
    let workflowUpdated = 0;
    const groups = new Map<string, WorkflowChange[]>();
    for (const c of changes) groups.set(`${c.status}\n${c.note}`, [...(groups.get(`${c.status}\n${c.note}`) ?? []), c]);
    for (const group of groups.values()) {
      const [{ status, note }] = group as [WorkflowChange];
      for (const batch of chunks(group, BATCH_SIZE)) {
        const output = await withBackoff(
          () =>
            hub.send(
              new BatchUpdateFindingsCommand({
                FindingIdentifiers: batch.map((c) => ({ Id: c.finding.Id, ProductArn: c.finding.ProductArn })),
                Workflow: { Status: status },
                Note: { Text: note, UpdatedBy: NOTE_AUTHOR },
              }),
            ),
          deps,
        );
        workflowUpdated += output.ProcessedFindings?.length ?? 0;
        for (const u of output.UnprocessedFindings ?? [])
          failed.push({
            accountId,
            region,
            id: u.FindingIdentifier?.Id ?? '',
            error: `${u.ErrorCode ?? 'Unprocessed'}: ${u.ErrorMessage ?? ''}`,
          });
      }
    }
    return {
      imported,
      unchanged: current.length - toImport.length,
      resolved: fixed.length,
      workflowUpdated,
      failed,
    };
  }

  return async (event: unknown): Promise<ImportOutput> => {
    const input = parseInput(ImportInputSchema, event, 'Send to Security Hub input');
    const report = await deps.store.getJson<Report>(input.reportRef);
    const context: ExportContext = {
      rules: deps.rules,
      aliases: new Map(report.accounts.map((a) => [a.accountId, a.alias])),
      exemptions: await exemptionReasons(deps),
      productVersion: deps.productVersion,
      generatedAt: now().toISOString(),
    };
    const findings = report.findings.map((f) => fromReportFinding(f, report.execution.startedAt));
    const evaluatedRules = new Set(Object.keys(report.counts));
    // Every account swept, in every region the sweep found anything in: where fixed findings can be.
    const regions = [...new Set(findings.map((f) => f.region))].sort();
    const swept = report.accounts.filter((a) => a.status === 'OK').map((a) => a.accountId);
    const total: ImportOutput = { imported: 0, unchanged: 0, resolved: 0, workflowUpdated: 0, failed: [] };
    for (const accountId of swept) {
      for (const region of regions) {
        const mine = findings.filter((f) => f.accountId === accountId && f.region === region);
        const partition = partitionOf(mine[0]?.arn ?? '');
        try {
          const done = await importRegion(accountId, region, partition, mine, context, evaluatedRules);
          Object.assign(total, {
            imported: total.imported + done.imported,
            unchanged: total.unchanged + done.unchanged,
            resolved: total.resolved + done.resolved,
            workflowUpdated: total.workflowUpdated + done.workflowUpdated,
          });
          total.failed.push(...done.failed);
        } catch (error) {
          total.failed.push({ accountId, region, error: describeError(error) });
        }
      }
    }
    if (total.failed.length > 0) {
      const [first] = total.failed;
      throw new SecurityHubImportError(
        `${total.failed.length} finding(s) or account-region(s) could not be sent to Security Hub ` +
          `(first: ${first?.accountId} ${first?.region}${first?.id === undefined ? '' : ` ${first.id}`}: ${first?.error}); ` +
          `${total.imported} imported, ${total.resolved} resolved. All of them: ${JSON.stringify(total.failed).slice(0, 20_000)}`,
      );
    }
    return total;
  };
}

/** Exemption ids → their reasons, for the Notes; an unreadable table leaves the Notes with the decision's reason. */
async function exemptionReasons(deps: ImportFindingsDeps): Promise<Map<string, ExemptionInfo>> {
  const out = new Map<string, ExemptionInfo>();
  let items: Record<string, unknown>[];
  try {
    items = await scanAll(deps.ddb, deps.exemptionsTable);
  } catch {
    return out;
  }
  for (const e of items) {
    if (typeof e.exemptionId !== 'string' || typeof e.reason !== 'string') continue;
    out.set(e.exemptionId, {
      exemptionId: e.exemptionId,
      reason: e.reason,
      ...(typeof e.expiresAt === 'string' ? { expiresAt: e.expiresAt } : {}),
    });
  }
  return out;
}

export type { ImportFindingsDeps, ImportOutput, Refused };
export { BATCH_SIZE, createImportFindings, SecurityHubImportError };
