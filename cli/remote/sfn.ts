/**
 * The deployed SweepStateMachine from the terminal: find it (stack output `SweepStateMachineArn`),
 * follow an execution through its history, and print what the console would show.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { type AwsFlags, regionOfArn, stackOutput } from '../aws';
import { ExecutionTrace, type StateEvent, type Trace } from '../history';
import type { Style } from '../terminal';
import { SfnHistoryReader } from './history';

/** The `SweepStateMachineArn` output of the central stack, unless `--state-machine ARN` names it. */
async function sweepStateMachineArn(flags: AwsFlags & { stack?: string; 'state-machine'?: string }): Promise<string> {
  if (flags['state-machine'] !== undefined) return flags['state-machine'];
  return stackOutput(flags.stack ?? 'WardenCentral', 'SweepStateMachineArn', flags);
}

/** Where the Step Functions console shows an execution. */
function consoleUrl(executionArn: string): string {
  const region = regionOfArn(executionArn);
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

interface FollowOptions {
  /** Sees every state event as it is read. */
  readonly onEvent?: (event: StateEvent) => void;
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
  let token: string | undefined;
  for (;;) {
    // Described before the history is read: when it says the execution ended, the history read next is complete.
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    for (;;) {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(token ? { nextToken: token } : {}) }),
      );
      for (const event of reader.read(page.events ?? [])) {
        trace.add(event);
        options.onEvent?.(event);
      }
      if (page.nextToken === undefined) break;
      token = page.nextToken;
    }
    if (execution.status !== 'RUNNING' || options.once) return { execution, trace: trace.toJSON() };
    await sleep(options.pollMs ?? 2000);
  }
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
function executionJson({ execution, trace }: Followed) {
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
  };
}

/** What the console shows of an execution, as text. */
function renderExecution({ execution, trace }: Followed, style: Style): string {
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
  if (trace.catches.length > 0) {
    out.push('', style.bold('Failure path'));
    for (const c of trace.catches) out.push(`  ${c.from} → ${c.to}  ×${c.count}`);
  }
  return `${out.join('\n')}\n`;
}

export type { Followed, FollowOptions };
export { consoleUrl, executionJson, followExecution, renderExecution, sweepStateMachineArn };
