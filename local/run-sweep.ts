/**
 * Runs one sweep locally through the synthesized `SweepStateMachine` with aws-local-stepfunctions:
 * embedded DynamoDB seeded with the accounts and exemptions, resources from a Config snapshot,
 * notifications to an outbox, remediations planned and never sent.
 */
import type { AwsClients } from '../tasks/shared/aws/clients';
import { scanAll } from '../tasks/shared/dynamo';
import type { ResourceSource } from '../tasks/shared/inventory/source';
import { fixedKillSwitch } from '../tasks/shared/kill-switch';
import type { ConfigurationItem, ExemptionProblem } from '../tasks/shared/model';
import type { ObjectStore } from '../tasks/shared/object-store';
import type { RejectedItem, Report, SkippedFile } from '../tasks/shared/report';
import { renderMarkdown } from '../tasks/summarize/markdown';
import type { SummarizeOutput } from '../tasks/summarize/summarize';
import type { PublishedMessage } from './bindings';
import { startEmbeddedDynamoDb, tableNamed } from './embedded-dynamodb';
import type { EngineEvent } from './engine-events';
import { tableSchemas } from './extract';
import { type LocalEvent, localTasks } from './local-tasks';
import { MemoryObjectStore, SWEEP_SPILL_BYTES } from './memory-store';
import { type LocalExecution, LocalWorkflow, type TaskHandler, wrapTasks } from './run-workflow';
import { seedExemptions } from './seed-exemptions';
import { holdingsOf, type SnapshotHoldings } from './snapshot-holdings';
import { accountsInSnapshot, notSwept, snapshotSource, withSnapshotRegions } from './snapshot-source';
import { workflows as defaultWorkflows, type Workflows } from './workflows';

interface LocalSweepOptions {
  /** The snapshot's items, already read (tests, `--live`: none). Ignored when `snapshot` is given. */
  readonly items: readonly ConfigurationItem[];
  /** The snapshot as an index (`indexSnapshot`): each account's items read only when it is collected. */
  readonly snapshot?: SnapshotHoldings;
  /**
   * `Accounts` items. Swept on the snapshot (no `source`), an item without `regions` is swept in
   * every region the snapshot holds for its account.
   * @default every account found in the snapshot, with its id as alias
   */
  readonly accounts?: readonly Record<string, unknown>[];
  /** What the snapshot reader could not read: reported, and its items counted as not swept. @default nothing */
  readonly unread?: { readonly skippedFiles: readonly SkippedFile[]; readonly rejectedItems: readonly RejectedItem[] };
  /** `Exemptions` items, as stored (validated by the sweep itself). @default none */
  readonly exemptions?: readonly unknown[];
  /**
   * `Ledger` records of earlier sweeps, as the deployed table would hold them: what Remediate's
   * loop breaker counts (`warden sweep` passes the remediations its earlier runs sent). @default none
   */
  readonly ledger?: readonly Record<string, unknown>[];
  /** The execution input (`mode`, `dryRun`, `rules`, …). */
  readonly request?: Record<string, unknown>;
  readonly executionName?: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default the repository's own cdk.json */
  readonly workflows?: Workflows;
  /** Wraps each task's handler (tests use it to make one task fail for one account). */
  readonly wrapTask?: (task: string, run: TaskHandler) => TaskHandler;
  /** Called for every `sns:publish`; throwing makes that Task fail as SNS would. */
  readonly onPublish?: (message: PublishedMessage) => void;
  /** The kill switch's value for this run (deployed, an SSM parameter). @default 'off' */
  readonly killSwitch?: 'off' | 'notify' | 'audit';
  // --- Operator's view (warden sweep --live, --report's execution graph, the progress bar) ---
  /** Where `Collect resources` reads accounts (the live collectors for `warden sweep --live`). @default the snapshot `items` */
  readonly source?: ResourceSource;
  /** SDK clients Remediate sends with (`warden sweep --live --apply`). @default none: every remediation is PLANNED */
  readonly remediationClients?: (accountId: string, region: string) => Promise<AwsClients>;
  /** Sees every history event of the execution as the engine emits it (state entered/exited/failed/retried/caught). */
  readonly onEvent?: (event: EngineEvent) => void;
  /**
   * Sees every request the sweep's tasks make to DynamoDB and the artifacts store (S3), with its
   * capacity units (items written or read; for S3, 1), as AWS would bill them (bench/cost.ts).
   */
  readonly meter?: Meter;
}

type Meter = (service: 'dynamodb' | 's3', operation: string, units: number) => void;

interface LocalSweepResult {
  readonly execution: LocalExecution;
  /** Absent when the execution failed before `Summarize` wrote it. */
  readonly report?: Report;
  readonly markdown?: string;
  readonly published: PublishedMessage[];
  readonly ledger: Record<string, unknown>[];
  /** Events `Record remediation` would have sent to EventBridge. */
  readonly events: LocalEvent[];
  /** Exemption items that could not even be stored (no `accountId`/`exemptionId` key). */
  readonly unstorableExemptions: ExemptionProblem[];
}

/**
 * A local run sends nothing: every message the state machine published went to the outbox, so what
 * the report would call `SENT` is `OUTBOX` here (the definition's `SnsPublish` states say SENT).
 */
function outboxed(report: Report): Report {
  const notice = report.blastRadius.notice;
  return {
    ...report,
    findings: report.findings.map((f) => (f.notified === 'SENT' ? { ...f, notified: 'OUTBOX' } : f)),
    blastRadius: {
      ...report.blastRadius,
      ...(notice?.status === 'SENT' ? { notice: { ...notice, status: 'OUTBOX' } } : {}),
    },
  };
}

function executionNameFor(at: Date): string {
  // Execution names allow no ':' and must be unique: the DESIGN's `sweep-2026-11-22T06-00Z`, to the second.
  return `sweep-${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;
}

async function runLocalSweep(options: LocalSweepOptions): Promise<LocalSweepResult> {
  const now = options.now ?? (() => new Date());
  const wf = options.workflows ?? defaultWorkflows();
  const tables = tableSchemas(wf.template);
  const dynamodb = await startEmbeddedDynamoDb(tables);
  // Large artifacts (inventories, decided findings) go to disk, as S3 keeps them out of the Lambda.
  const store = new MemoryObjectStore(SWEEP_SPILL_BYTES);
  try {
    const ledgerTable = tableNamed(tables, 'Ledger').tableName;
    const offline = options.source === undefined;
    const held = options.snapshot ?? holdingsOf(options.items);
    const listed =
      options.accounts === undefined
        ? accountsInSnapshot(held.counts)
        : offline
          ? withSnapshotRegions(options.accounts, held.counts)
          : options.accounts;
    await dynamodb.putAll(tableNamed(tables, 'Accounts'), listed as unknown as Record<string, unknown>[]);
    await dynamodb.putAll(tableNamed(tables, 'Ledger'), options.ledger ?? []);
    // What `Collect resources` read of the snapshot, to count what it did not.
    const collected = new Map<string, readonly string[]>();
    const accounted = (report: Report): Report =>
      offline
        ? {
            ...outboxed(report),
            notSwept: notSwept({
              held: held.counts,
              rejected: options.unread?.rejectedItems ?? [],
              listed,
              collected,
              accounts: report.accounts,
            }),
            skippedFiles: [...(options.unread?.skippedFiles ?? [])],
            rejectedItems: [...(options.unread?.rejectedItems ?? [])],
          }
        : outboxed(report);
    const unstorableExemptions = await seedExemptions(dynamodb, tables, options.exemptions ?? []);

    const taskStore = options.meter === undefined ? store : meteredStore(store, options.meter);
    const stopMetering = options.meter === undefined ? () => {} : meterDynamoDb(dynamodb.documents, options.meter);
    const outbox: PublishedMessage[] = [];
    const events: LocalEvent[] = [];
    const startedAt = now();
    const name = options.executionName ?? executionNameFor(startedAt);
    const { execution, output } = await new LocalWorkflow(wf.sweep, wf.template).run({
      input: options.request ?? {},
      name,
      startedAt,
      outbox,
      ...(options.onPublish !== undefined ? { onPublish: options.onPublish } : {}),
      tasks: wrapTasks(
        localTasks({
          dynamodb,
          store: taskStore,
          source: options.source ?? snapshotSource(held, (accountId, regions) => collected.set(accountId, regions)),
          now,
          killSwitch: fixedKillSwitch(options.killSwitch ?? 'off'),
          ...(options.remediationClients !== undefined ? { clientsFor: options.remediationClients } : {}),
          events,
          publish: (message) => {
            options.onPublish?.(message);
            outbox.push(message);
          },
        }),
        options.wrapTask,
      ),
      store: taskStore,
      ...(options.onEvent !== undefined ? { onEvent: options.onEvent } : {}),
    });
    stopMetering();

    const ledger = await scanAll(dynamodb.documents, ledgerTable);
    if (execution.status === 'FAILED') {
      // Summarize may have written the report before failing the execution (LedgerIncompleteError).
      const reportKey = store.keys().find((k) => /^reports\/[^/]+\/report\.json$/.test(k));
      const partial = reportKey === undefined ? undefined : accounted(await store.getJson<Report>(reportKey));
      return {
        execution,
        ...(partial !== undefined
          ? {
              report: partial,
              markdown: offline
                ? renderMarkdown(partial)
                : store.getText((reportKey as string).replace(/report\.json$/, 'report.md')),
            }
          : {}),
        published: outbox,
        ledger,
        events,
        unstorableExemptions,
      };
    }
    const summary = output as unknown as SummarizeOutput;
    const stored = await store.getJson<Report>(summary.reportRef);
    const report = accounted({
      ...stored,
      exemptionProblems: [...unstorableExemptions, ...stored.exemptionProblems],
    });
    return {
      execution,
      report,
      // Offline, the Markdown says what of the snapshot was not swept, which Summarize cannot know.
      markdown: offline ? renderMarkdown(report) : store.getText(summary.markdownRef),
      published: outbox,
      ledger,
      events,
      unstorableExemptions,
    };
  } finally {
    store.close();
    await dynamodb.close();
  }
}

/** Counts the tasks' DynamoDB requests until stopped (not the runner's own reading of the ledger). */
function meterDynamoDb(documents: import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient, meter: Meter): () => void {
  let metering = true;
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (metering) {
        const input = args.input as { RequestItems?: Record<string, unknown[]> };
        const output = result.output as { Count?: number };
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        const units =
          operation === 'BatchWriteItem'
            ? Object.values(input.RequestItems ?? {}).reduce((n, items) => n + items.length, 0)
            : operation === 'Query' || operation === 'Scan'
              ? Math.max(1, output.Count ?? 0)
              : 1;
        meter('dynamodb', operation, units);
      }
      return result;
    },
    { step: 'initialize', name: 'wardenBenchMeter' },
  );
  return () => {
    metering = false;
  };
}

function meteredStore(store: MemoryObjectStore, meter: Meter): ObjectStore {
  return {
    putJson: (key, value) => {
      meter('s3', 'PutObject', 1);
      return store.putJson(key, value);
    },
    putText: (key, text) => {
      meter('s3', 'PutObject', 1);
      return store.putText(key, text);
    },
    getJson: (key) => {
      meter('s3', 'GetObject', 1);
      return store.getJson(key);
    },
  };
}

export type { LocalExecution, LocalSweepOptions, LocalSweepResult, Meter };
export { executionNameFor, runLocalSweep };
