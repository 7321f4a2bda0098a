/**
 * `warden sweep`: one sweep through the synthesized SweepStateMachine, run locally — on a Config
 * snapshot (default: the bundled sample estate), or live on AWS accounts with the caller's
 * credentials (`--live`) — or the deployed state machine, followed to its end (`--remote`).
 */
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Command, Option } from 'commander';
import { REPO_ROOT } from '../../infra/constructs/task-function';
import { CENTRAL_STACK_NAME } from '../../infra/names';
import { tableSchemas } from '../../local/extract';
import { type LocalSweepOptions, type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { readSnapshot, type SnapshotRead } from '../../local/snapshot';
import { openStateStore } from '../../local/state-store';
import { workflows } from '../../local/workflows';
import { scanAll } from '../../tasks/shared/dynamo';
import { fromReportFinding } from '../../tasks/shared/formats/finding';
import { MODES, type Mode, type Outcome, SENT_OUTCOMES, SEVERITIES, type Severity } from '../../tasks/shared/model';
import type { Report } from '../../tasks/shared/report';
import { CliError } from '../errors';
import { sweepInput } from '../estate';
import { expiredExemptions } from '../expired-exemptions';
import { readAccountsFile, readExemptionsFile } from '../files';
import {
  compareWithIndex,
  indexFile,
  readFindingsIndex,
  sinceLastSweepLine,
  sinceLastSweepMarkdown,
  writeFindingsIndex,
} from '../findings-history';
import { exportContext, type Format, formatOf, formatOption, REPORT_FILES, renderFindings } from '../formats';
import { ExecutionTrace, fromEngineEvent } from '../history';
import type { CliContext, CliIo } from '../io';
import { jsonReport } from '../json-report';
import { type LiveSetup, liveSetup } from '../live';
import { examples, jsonOption, profileOption, regionOption } from '../options';
import { prepareOutputDir } from '../output-dir';
import { progressBar, SweepProgress } from '../progress';
import { type RegionsWithoutData, regionsWithoutData } from '../regions';
import { remoteSweep } from '../remote/sweep';
import { renderOutbox, renderSummary } from '../render';
import { renderHtmlReport } from '../report/html';
import { accountIds, atOrAbove, gate, selectAccounts, severityArgument } from '../selection';
import { styleFor } from '../terminal';

const ESTATE = join(REPO_ROOT, 'examples/estate');

interface SweepFlags {
  readonly snapshot?: string;
  readonly accounts?: string;
  readonly exemptions?: string;
  readonly mode?: string;
  readonly rules?: string;
  readonly report?: string;
  readonly json?: boolean;
  /** What stdout holds (`--json` = `json`); absent: the summary. */
  readonly format?: Format;
  readonly dryRun?: boolean;
  readonly live?: boolean;
  readonly regions?: string;
  readonly role?: string;
  readonly apply?: boolean;
  readonly remote?: boolean;
  readonly stack?: string;
  readonly stateMachine?: string;
  readonly profile?: string;
  readonly region?: string;
  /** Only these account ids (comma-separated). */
  readonly account?: string;
  /** Every account but these (comma-separated). */
  readonly excludeAccount?: string;
  /** Print (or, with --json, include as `outbox`) every message of the local outbox. */
  readonly showMessages?: boolean;
  /** The least severe finding shown and reported. */
  readonly severity?: Severity;
  /** Exit 3 when un-exempted findings at or above it remain. */
  readonly failOn?: Severity;
}

/** The flags that belong to one way of sweeping only, by their option name. */
const ONLY = {
  live: { regions: '--regions', apply: '--apply' },
  remote: { stateMachine: '--state-machine' },
  snapshot: { snapshot: '--snapshot' },
} as const satisfies Record<string, Partial<Record<keyof SweepFlags, string>>>;

function checkFlags(flags: SweepFlags): void {
  if (flags.mode !== undefined && !MODES.includes(flags.mode as Mode)) {
    throw new CliError(`--mode must be one of ${MODES.join(', ')}, not "${flags.mode}"`, { usage: 'sweep' });
  }
  if (flags.live && flags.remote) throw new CliError('give --live or --remote, not both', { usage: 'sweep' });
  const way = flags.live ? 'live' : flags.remote ? 'remote' : 'snapshot';
  for (const [other, names] of Object.entries(ONLY)) {
    if (other === way) continue;
    const given = Object.entries(names).find(([key]) => flags[key as keyof SweepFlags] !== undefined)?.[1];
    if (given !== undefined)
      throw new CliError(`${given} goes with ${other === 'snapshot' ? 'an offline sweep' : `--${other}`}`, {
        usage: 'sweep',
      });
  }
  if (way === 'remote') {
    const local = [
      ['--exclude-account', flags.excludeAccount],
      ['--severity', flags.severity],
      ['--fail-on', flags.failOn],
    ].find(([, v]) => v !== undefined)?.[0];
    if (local !== undefined)
      throw new CliError(`${local} goes with a local sweep (offline or --live); --remote keeps its report in S3`, {
        usage: 'sweep',
      });
  }
  if (
    way === 'remote' &&
    (flags.accounts !== undefined || flags.exemptions !== undefined || flags.report !== undefined)
  )
    throw new CliError(
      '--remote sweeps the deployed accounts and exemptions and keeps its report in S3; drop --accounts/--exemptions/--report',
      { usage: 'sweep' },
    );
}

/** `--rules a,b`: the ids given; a list with no id in it (`--rules ""`) is a usage error, not "every rule". */
function ruleList(flags: SweepFlags): string[] | undefined {
  if (flags.rules === undefined) return undefined;
  const rules = flags.rules
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (rules.length === 0)
    throw new CliError(`--rules needs at least one rule id, comma-separated (got "${flags.rules}")`, {
      usage: 'sweep',
    });
  return rules;
}

/** The report with only the findings at or above `severity` (counts keep every evaluation). */
function shownFindings(report: Report, severity: Severity | undefined): Report {
  return severity === undefined
    ? report
    : { ...report, findings: report.findings.filter((f) => atOrAbove(f.severity, severity)) };
}

/** The instant the sweep started (the one its exemption matching used), or now if the report lacks it. */
function sweepClock(startedAt: string): Date {
  const at = new Date(startedAt);
  return Number.isNaN(at.getTime()) ? new Date() : at;
}

/** What the local engine runs on, and how to say so. */
interface LocalPlan {
  readonly options: Omit<LocalSweepOptions, 'exemptions' | 'request' | 'onEvent'>;
  readonly exemptions: unknown[];
  /** Offline: the regions of the accounts file for which the snapshot holds nothing, by account. */
  readonly regionsWithoutData?: RegionsWithoutData;
  /** The account ids the sweep could visit, for `--account` / `--exclude-account`. */
  readonly knownAccounts: readonly string[];
  readonly source: string;
  /** What the findings history is kept by: the snapshot folder, or the accounts a live sweep reads. */
  readonly historyKey: string;
  readonly dryRun: boolean;
}

/** A path as the summary shows it: relative to where warden runs. */
function shown(path: string): string {
  return relative(process.cwd(), path) || '.';
}

/**
 * The one line for a snapshot folder with no configuration item in it (an empty folder, a typo, a
 * folder of event files): a sweep of nothing would be a green run that checked nothing.
 */
function nothingToSweep(dir: string, snapshot: SnapshotRead): string {
  const [first] = snapshot.skipped;
  const why = [
    `${snapshot.files.length} snapshot files read`,
    ...(snapshot.skipped.length > 0
      ? [
          `${snapshot.skipped.length} files not read (${first?.file}: ${first?.reason}${snapshot.skipped.length > 1 ? ', …' : ''})`,
        ]
      : []),
    ...(snapshot.rejected.length > 0 ? [`${snapshot.rejected.length} items rejected`] : []),
  ];
  return `no AWS Config configuration item found under ${dir}: ${why.join('; ')}. Point --snapshot at the Config snapshot files (*.json, *.json.gz), e.g. the AWSLogs/ folder Config delivers to S3`;
}

async function snapshotPlan(flags: SweepFlags): Promise<LocalPlan> {
  const { snapshotDir, accountsFile, exemptionsFile } = sweepInput(flags.snapshot ?? join(ESTATE, 'snapshot'), flags);
  // Files found beside the snapshot (an estate folder) are named in the source line; flags and the bundled estate are not.
  const picked = [
    ...(flags.snapshot !== undefined && flags.accounts === undefined && accountsFile !== undefined
      ? [`accounts ${shown(accountsFile)}`]
      : []),
    ...(flags.snapshot !== undefined && flags.exemptions === undefined && exemptionsFile !== undefined
      ? [`exemptions ${shown(exemptionsFile)}`]
      : []),
  ];
  const snapshot = await readSnapshot(snapshotDir);
  if (snapshot.items.length === 0) throw new CliError(nothingToSweep(snapshotDir, snapshot));
  const accounts = accountsFile === undefined ? undefined : await readAccountsFile(accountsFile);
  const unread = [
    ...(snapshot.skipped.length > 0 ? [`${snapshot.skipped.length} files not read`] : []),
    ...(snapshot.rejected.length > 0 ? [`${snapshot.rejected.length} items rejected`] : []),
  ];
  return {
    options: {
      items: snapshot.items,
      unread: { skippedFiles: snapshot.skipped, rejectedItems: snapshot.rejected },
      ...(accounts !== undefined ? { accounts } : {}),
    },
    exemptions: exemptionsFile === undefined ? [] : await readExemptionsFile(exemptionsFile),
    regionsWithoutData: regionsWithoutData(accounts ?? [], snapshot.items),
    knownAccounts:
      accounts === undefined
        ? [...new Set(snapshot.items.map((ci) => ci.accountId))].sort()
        : accounts.map((a) => String(a.accountId)),
    historyKey: `snapshot:${resolve(snapshotDir)}`,
    source: `${shown(snapshotDir)} (${snapshot.items.length} configuration items in ${snapshot.files.length} files${[...unread, ...picked].map((u) => `; ${u}`).join('')})`,
    dryRun: true,
  };
}

function livePlan(flags: SweepFlags, live: LiveSetup, exemptions: unknown[]): LocalPlan {
  const apply = flags.apply === true;
  return {
    options: {
      items: [],
      accounts: live.accounts,
      source: live.source,
      // With --apply, Remediate holds real clients; otherwise it has none and every remediation is PLANNED.
      ...(apply ? { remediationClients: live.remediationClients } : {}),
    },
    exemptions,
    knownAccounts: live.accounts.map((a) => a.accountId),
    historyKey: `live:${live.accounts
      .map((a) => a.accountId)
      .sort()
      .join(',')}`,
    source: `live: ${live.accounts.length} account(s) as ${live.caller.arn || live.caller.accountId}`,
    dryRun: !apply,
  };
}

async function sweepCommand(given: SweepFlags, io: CliIo): Promise<number> {
  const format = formatOf(given, 'sweep');
  const flags: SweepFlags = { ...given, json: format === 'json' };
  checkFlags(flags);
  if (flags.remote && format !== undefined && format !== 'json')
    throw new CliError(`--format ${format} goes with a local sweep; --remote prints the execution (--json)`, {
      usage: 'sweep',
    });
  const rules = ruleList(flags);
  if (flags.remote) return remoteSweep({ ...flags, accountIds: accountIds(flags.account, '--account') }, io);
  // A report folder that cannot be written fails now, not after the whole sweep.
  const reportDir = flags.report === undefined ? undefined : await prepareOutputDir(flags.report, '--report');
  let live: LiveSetup | undefined;
  let plan: LocalPlan;
  try {
    if (flags.live) {
      live = await liveSetup(flags);
      plan = livePlan(flags, live, flags.exemptions === undefined ? [] : await readExemptionsFile(flags.exemptions));
      if (flags.apply) io.stderr(`warden: --apply: remediations will be SENT to ${live.accounts.length} account(s)\n`);
    } else plan = await snapshotPlan(flags);
    return await runAndReport(flags, io, plan, rules, reportDir);
  } finally {
    live?.close();
  }
}

async function runAndReport(
  flags: SweepFlags,
  io: CliIo,
  plan: LocalPlan,
  rules: string[] | undefined,
  reportDir: string | undefined,
) {
  const accounts = selectAccounts(plan.knownAccounts, flags);
  // Read before sweeping: a damaged history stops here, before any work, and is never overwritten.
  const historyFile = indexFile(plan.historyKey);
  const previous = await readFindingsIndex(historyFile);
  const request = {
    trigger: flags.live ? 'warden sweep --live' : 'warden sweep (local)',
    ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
    ...(rules !== undefined ? { rules } : {}),
    ...(accounts !== undefined ? { accounts } : {}),
    dryRun: plan.dryRun,
  };
  const wf = workflows();
  const trace = new ExecutionTrace();
  const progress = new SweepProgress(wf.sweep.definition);
  const bar = progressBar(io, flags.json === true || flags.format !== undefined);
  // Exemptions added with `warden exempt add` live in the embedded store; the sweep's ledger goes back there.
  const store = await openStateStore(tableSchemas(wf.template));
  let result: LocalSweepResult;
  let exemptions: unknown[] = plan.exemptions;
  try {
    const stored = await scanAll(store.documents, store.tables.exemptions);
    exemptions = [...plan.exemptions, ...stored];
    // What the loop breaker counts: the remediations earlier sweeps (--apply) sent.
    const sent = (await scanAll(store.documents, store.tables.ledger)).filter((r) =>
      SENT_OUTCOMES.includes(r.outcome as Outcome),
    );
    result = await runLocalSweep({
      ...plan.options,
      exemptions,
      ledger: sent,
      request,
      onEvent: (event) => {
        const e = fromEngineEvent(event);
        if (e === undefined) return;
        trace.add(e);
        progress.add(e);
        bar.update(progress.snapshot());
      },
    });
    for (const record of result.ledger) {
      await store.documents.send(new PutCommand({ TableName: store.tables.ledger, Item: record }));
    }
  } finally {
    bar.done();
    await store.close();
  }
  if (result.report === undefined || result.markdown === undefined) {
    throw new CliError(`the sweep could not run: ${result.execution.error}: ${result.execution.cause}`);
  }
  // --severity narrows what is shown and reported; --fail-on below weighs every finding of the run.
  const shown = shownFindings(result.report, flags.severity);
  const startedAt = sweepClock(result.report.execution.startedAt);
  // Every finding of the run goes into the history, whatever --severity shows.
  const since = compareWithIndex(previous, result.report, {
    source: plan.historyKey,
    execution: result.execution.name,
    at: startedAt.toISOString(),
  });
  const json = jsonReport(
    result.execution,
    shown,
    plan.regionsWithoutData,
    expiredExemptions(exemptions, startedAt),
    since,
  );
  const other = flags.format === undefined || flags.format === 'json' ? undefined : flags.format;
  const document =
    other === undefined
      ? undefined
      : renderFindings(
          other,
          shown.findings.map((f) => fromReportFinding(f, shown.execution.startedAt)),
          exportContext({
            aliases: new Map(shown.accounts.map((a) => [a.accountId, a.alias])),
            exemptions,
          }),
        );
  if (reportDir !== undefined) {
    const dir = reportDir;
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(json, null, 2)}\n`);
    await writeFile(join(dir, 'report.md'), result.markdown + sinceLastSweepMarkdown(since, shown));
    const html = renderHtmlReport({
      report: json,
      definition: wf.sweep.definition,
      trace: trace.toJSON(),
      source: plan.source,
      generatedAt: new Date().toISOString(),
    });
    await writeFile(join(dir, 'index.html'), html);
    if (other !== undefined && document !== undefined) await writeFile(join(dir, REPORT_FILES[other]), document);
  }
  // The report exists, but a FAILED execution (e.g. an incomplete ledger) still exits non-zero, saying why.
  const succeeded = result.execution.status === 'SUCCEEDED' ? 0 : 1;
  // Only a sweep that ended SUCCEEDED moves the history on: a FAILED one may have missed findings.
  if (succeeded === 0) await writeFindingsIndex(historyFile, since.next);
  if (succeeded !== 0) io.stderr(`warden: the sweep FAILED: ${result.execution.error}: ${result.execution.cause}\n`);
  const code = gate(result.report.findings, flags.failOn, succeeded, io.stderr);
  if (flags.json) {
    const output = flags.showMessages === true ? { ...json, outbox: result.published } : json;
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    return code;
  }
  if (document !== undefined) {
    io.stdout(document);
    return code;
  }
  const note = plan.dryRun
    ? 'remediations are planned, never sent, in a local run'
    : 'remediations were SENT (--apply)';
  io.stdout(
    renderSummary(
      { ...result, report: shown },
      plan.source,
      styleFor(io.terminal?.color === true),
      note,
      plan.regionsWithoutData,
    ),
  );
  io.stdout(`${sinceLastSweepLine(since)}\n`);
  if (flags.showMessages === true) io.stdout(renderOutbox(result.published));
  const hidden = result.report.findings.length - shown.findings.length;
  if (hidden > 0) io.stdout(`${hidden} finding(s) below ${flags.severity} not shown (--severity)\n`);
  if (flags.report !== undefined)
    io.stdout(`Report written to ${join(flags.report, 'report.json')}, report.md and index.html\n`);
  return code;
}

/** `warden sweep` and its options. */
function register(program: Command, cli: CliContext): void {
  const sweep = program
    .command('sweep')
    .summary('Sweep accounts: offline on Config snapshots, --live on your accounts, or --remote (deployed)')
    .description(
      'One sweep through the SweepStateMachine: offline on AWS Config snapshots (default: the bundled sample estate), live on your accounts with your own credentials (--live), or the deployed state machine, followed to its end (--remote).',
    )
    .option('--snapshot <dir>', 'AWS Config snapshot files (*.json, *.json.gz), searched recursively')
    .option('--accounts <file>', 'JSON array of {"accountId", "alias", "owner"?, "ou"?, "regions"?}')
    .option('--exemptions <file>', 'JSON array of exemption items (added to those in the embedded store)')
    .addOption(new Option('--mode <mode>', 'ceiling on what rules may do').choices(MODES))
    .option('--rules <ids>', 'only these rule ids, comma-separated')
    .option('--account <ids>', 'only these account ids, comma-separated')
    .option('--exclude-account <ids>', 'every account but these, comma-separated')
    .addOption(
      new Option(
        '--severity <severity>',
        `show and report only findings of this severity or above (${SEVERITIES.join(', ')})`,
      ).argParser(severityArgument),
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 3 when un-exempted findings of this severity or above remain (for CI)',
      ).argParser(severityArgument),
    )
    .option('--report <dir>', 'write report.json, report.md and index.html (with the execution graph) there')
    .option(
      '--show-messages',
      'print every message of the local outbox: subject, attributes and body (with --json: as "outbox")',
    )
    .addOption(jsonOption())
    .addOption(formatOption(true))
    .option('--live', 'collect from your AWS accounts with your credentials, run the engine locally')
    .option(
      '--regions <list>',
      'with --live: regions to read, comma-separated (default: each account’s, or the profile’s)',
    )
    .option('--role <name>', 'with --live: role to assume in accounts other than your own', 'WardenAudit')
    .option('--apply', 'with --live: send the remediations (default: PLANNED, nothing is changed)')
    .option('--remote', 'start the deployed SweepStateMachine and follow it to the end')
    .option('--stack <name>', 'with --remote: the Warden central stack', CENTRAL_STACK_NAME)
    .option('--state-machine <arn>', 'with --remote: the state machine ARN (instead of reading --stack)')
    .option('--dry-run', 'with --remote: plan remediations, send nothing')
    .addOption(profileOption())
    .addOption(regionOption())
    .addHelpText(
      'after',
      examples(
        'warden sweep',
        'warden sweep --snapshot ./AWSLogs --accounts accounts.json --report out',
        'warden sweep --rules s3-bucket-encryption --mode audit --json | jq .counts',
        'warden sweep --format asff > findings.asff.json   # for aws securityhub batch-import-findings',
        'warden sweep --format csv --report out             # out/findings.csv beside report.json',
        'warden sweep --snapshot ./AWSLogs --exclude-account 444444444444 --severity HIGH --fail-on HIGH   # CI gate',
        'warden sweep --live --profile audit --regions eu-west-1,us-east-1',
        'warden sweep --live --accounts accounts.json --apply   # changes your resources',
        'warden sweep --remote --stack WardenCentral --dry-run',
      ),
    )
    .action(async () => cli.exit(await sweepCommand(sweep.opts<SweepFlags>(), cli.io)));
}

export type { SweepFlags };
export { register, sweepCommand };
