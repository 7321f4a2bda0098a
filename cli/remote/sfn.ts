/**
 * The deployed SweepStateMachine from the terminal: find it (stack output `SweepStateMachineArn`),
 * follow an execution through its history, and print what the console would show.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { type AwsFlags, regionOfArn, stackOutput } from '../aws';
import { ExecutionTrace, type StateEvent, type Trace } from '../history';
import type { Style } from '../terminal';
import { SfnHistoryReader } from './history';

/** The `SweepStateMachineArn` output of the central stack, unless `--state-machine ARN` names it. */
async function sweepStateMachineArn(flags: AwsFlags & { stack?: string; stateMachine?: string }): Promise<string> {
  if (flags.stateMachine !== undefined) return flags.stateMachine;
  return stackOutput(flags.stack ?? 'WardenCentral', 'SweepStateMachineArn', flags);
}

/** Where the Step Functions console shows an execution. */
function consoleUrl(executionArn: string): string {
  const region = regionOfArn(executionArn);
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/**
 * A Distributed Map's run (`For each account`): its child executions are Express workflows, whose
 * states are not in the parent's history; DescribeMapRun counts them by status.
 */
interface MapRunView {
  readonly mapRunArn: string;
  /** The Map Run's label (`ForEachAccount`), from its ARN. */
  readonly label: string;
  readonly status: string;
  readonly items: {
    readonly total: number;
    readonly pending: number;
    readonly running: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly timedOut: number;
    readonly aborted: number;
  };
}

interface FollowOptions {
  /** Sees every state event as it is read. */
  readonly onEvent?: (event: StateEvent) => void;
  /** Sees each Map Run's counts every time they are read (every poll while it runs). */
  readonly onMapRun?: (run: MapRunView) => void;
  /** Between polls of a running execution. @default 2000 */
  readonly pollMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Read the history as it is now and return, even while the execution runs (`executions show`). */
  readonly once?: boolean;
}

interface Followed {
  readonly execution: DescribeExecutionCommandOutput;
  readonly trace: Trace;
  /** The execution's Distributed Map runs, as last described. */
  readonly mapRuns: MapRunView[];
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Reads the execution's history until it has ended and every event is read. Pages are fetched with
 * the token that fetched the latest one, so a long execution is not read from the start on every poll.
 */
async function followExecution(sfn: SFNClient, executionArn: string, options: FollowOptions = {}): Promise<Followed> {
  const reader = new SfnHistoryReader();
  const trace = new ExecutionTrace();
  const sleep = options.sleep ?? wait;
  const mapRunsSeen = new Set<string>();
  const mapRuns = new Map<string, MapRunView>();
  let token: string | undefined;
  for (;;) {
    // Described before the history is read: when it says the execution ended, the history read next is complete.
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    for (;;) {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(token ? { nextToken: token } : {}) }),
      );
      for (const arn of mapRunArns(page.events ?? [])) mapRunsSeen.add(arn);
      for (const event of reader.read(page.events ?? [])) {
        trace.add(event);
        options.onEvent?.(event);
      }
      if (page.nextToken === undefined) break;
      token = page.nextToken;
    }
    for (const arn of mapRunsSeen) {
      // A Map Run that has ended has its final counts: it is not described again.
      if ((mapRuns.get(arn)?.status ?? 'RUNNING') !== 'RUNNING') continue;
      const run = await describeMapRun(sfn, arn);
      mapRuns.set(arn, run);
      options.onMapRun?.(run);
    }
    if (execution.status !== 'RUNNING' || options.once) {
      return { execution, trace: trace.toJSON(), mapRuns: [...mapRuns.values()] };
    }
    await sleep(options.pollMs ?? 2000);
  }
}

function mapRunArns(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'MapRunStarted' && e.mapRunStartedEventDetails?.mapRunArn !== undefined
      ? [e.mapRunStartedEventDetails.mapRunArn]
      : [],
  );
}

/** `arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID` → `LABEL`. */
function labelOf(mapRunArn: string): string {
  return /:mapRun:[^/]+\/([^:]+):/.exec(mapRunArn)?.[1] ?? 'Map Run';
}

async function describeMapRun(sfn: SFNClient, mapRunArn: string): Promise<MapRunView> {
  const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  const c = run.itemCounts;
  return {
    mapRunArn,
    label: labelOf(mapRunArn),
    status: run.status ?? 'RUNNING',
    items: {
      total: c?.total ?? 0,
      pending: c?.pending ?? 0,
      running: c?.running ?? 0,
      succeeded: c?.succeeded ?? 0,
      failed: c?.failed ?? 0,
      timedOut: c?.timedOut ?? 0,
      aborted: c?.aborted ?? 0,
    },
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function duration(start: Date | undefined, stop: Date | undefined): string {
  if (start === undefined) return '';
  const s = Math.round(((stop ?? new Date()).getTime() - start.getTime()) / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The `--json` document of a deployed execution. */
function executionJson({ execution, trace, mapRuns }: Followed) {
  const arn = execution.executionArn ?? '';
  return {
    execution: {
      name: execution.name ?? null,
      executionArn: arn,
      status: execution.status ?? null,
      startDate: execution.startDate?.toISOString() ?? null,
      stopDate: execution.stopDate?.toISOString() ?? null,
      consoleUrl: consoleUrl(arn),
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
    /** What `Summarize` returned: counts and where the report is (S3). */
    summary: parseJson(execution.output),
    states: trace.states,
    catches: trace.catches,
    /** Distributed Map runs: the child executions (one per account) by status. */
    mapRuns,
  };
}

/** What the console shows of an execution, as text. */
function renderExecution({ execution, trace, mapRuns }: Followed, style: Style): string {
  const arn = execution.executionArn ?? '';
  const out = [
    `${style.bold(`Warden sweep ${execution.name ?? ''}`)}: ${style.status(execution.status ?? 'UNKNOWN')}${execution.startDate ? ` in ${duration(execution.startDate, execution.stopDate)}` : ''}`,
    `  ${style.cyan(consoleUrl(arn))}`,
  ];
  if (execution.error !== undefined) out.push(`  ${style.red(`${execution.error}: ${execution.cause ?? ''}`)}`);
  const summary = parseJson(execution.output) as Record<string, unknown> | null;
  if (summary !== null && typeof summary === 'object') {
    out.push(
      `  ${Number(summary.resourcesEvaluated ?? 0)} resources evaluated · ${Number(summary.findings ?? 0)} findings · ${Number(summary.unreachableAccounts ?? 0)} unreachable account(s)`,
    );
    if (summary.reportRef !== undefined)
      out.push(`  Report: ${String(summary.reportRef)} (and ${String(summary.markdownRef ?? '')})`);
  }
  const states = Object.entries(trace.states);
  if (states.length > 0) {
    out.push('', style.bold('States'));
    for (const [name, v] of states) {
      const extra = [
        v.failed > 0 ? style.red(`${v.failed} failed (${v.errors.join(', ')})`) : '',
        v.retried > 0 ? `${v.retried} retried` : '',
      ].filter((s) => s !== '');
      out.push(`  ${name.padEnd(30)} ×${String(v.entered).padEnd(5)}${extra.join(' · ')}`.trimEnd());
    }
  }
  if (mapRuns.length > 0) {
    out.push('', style.bold('Child executions (Distributed Map)'));
    for (const run of mapRuns) {
      const { items } = run;
      const notOk = items.failed + items.timedOut + items.aborted;
      out.push(
        `  ${run.label.padEnd(30)} ${style.status(run.status)} · ${items.succeeded}/${items.total} succeeded${notOk > 0 ? ` · ${style.red(`${items.failed} failed, ${items.timedOut} timed out, ${items.aborted} aborted`)}` : ''}`,
      );
    }
  }
  if (trace.catches.length > 0) {
    out.push('', style.bold('Failure path'));
    for (const c of trace.catches) out.push(`  ${c.from} → ${c.to}  ×${c.count}`);
  }
  return `${out.join('\n')}\n`;
}

export type { Followed, FollowOptions, MapRunView };
export { consoleUrl, executionJson, followExecution, renderExecution, sweepStateMachineArn };
