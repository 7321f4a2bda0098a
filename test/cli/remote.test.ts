/**
 * `warden sweep --remote` and `warden executions list|show` against mocked Step Functions and
 * CloudFormation, answering in the shapes the real APIs use (DescribeStacks outputs, StartExecution,
 * DescribeExecution, paginated GetExecutionHistory with `previousEventId` chains, ListExecutions).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { traceOf } from '../../cli/history';
import { runCli } from '../../cli/main';
import { SfnHistoryReader } from '../../cli/remote/history';
import { consoleUrl } from '../../cli/remote/sfn';
import { remoteSweep } from '../../cli/remote/sweep';
import { workflows } from '../../local/workflows';

const MACHINE = 'arn:aws:states:eu-west-1:999988887777:stateMachine:SweepStateMachineE1D5D20E-AbCdEf';
const NAME = 'sweep-2026-11-22T06-00-00Z';
const EXECUTION = `arn:aws:states:eu-west-1:999988887777:execution:SweepStateMachineE1D5D20E-AbCdEf:${NAME}`;
const T0 = new Date('2026-11-22T06:00:00.000Z');
const SUMMARY = {
  reportRef: 's3://warden-artifacts/reports/sweep-2026-11-22T06-00-00Z.json',
  markdownRef: 's3://warden-artifacts/reports/sweep-2026-11-22T06-00-00Z.md',
  resourcesEvaluated: 12,
  findings: 3,
  unreachableAccounts: 1,
};

const sfn = mockClient(SFNClient);
const cfn = mockClient(CloudFormationClient);

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Builds a history as Step Functions records it: ids in order, each event caused by `previousEventId`. */
function historyBuilder() {
  const events: HistoryEvent[] = [];
  const add = (type: string, previous: number, details: Record<string, unknown> = {}): number => {
    const id = events.length + 1;
    events.push({
      id,
      previousEventId: previous,
      timestamp: new Date(T0.getTime() + id * 100),
      type,
      ...details,
    } as HistoryEvent);
    return id;
  };
  const entered = (type: string, name: string, previous: number, input: unknown = {}) =>
    add(`${type}StateEntered`, previous, {
      stateEnteredEventDetails: { name, input: JSON.stringify(input), inputDetails: { truncated: false } },
    });
  const exited = (type: string, name: string, previous: number, output: unknown = {}) =>
    add(`${type}StateExited`, previous, {
      stateExitedEventDetails: { name, output: JSON.stringify(output), outputDetails: { truncated: false } },
    });
  const lambda = (previous: number) => {
    const scheduled = add('TaskScheduled', previous, {
      taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'eu-west-1', parameters: '{}' },
    });
    return add('TaskStarted', scheduled, { taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } });
  };
  const failed = (previous: number, error: string, cause: string) =>
    add('TaskFailed', previous, {
      taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error, cause },
    });
  const succeeded = (previous: number, output: unknown) =>
    add('TaskSucceeded', previous, {
      taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: JSON.stringify(output) },
    });
  return { events, add, entered, exited, lambda, failed, succeeded };
}

const MAP_RUN = 'arn:aws:states:eu-west-1:999988887777:mapRun:SweepStateMachineE1D5D20E-AbCdEf/ForEachAccount:8f1c2a4e';

/**
 * A sweep's parent history as Step Functions records it with a Distributed Map: `Resolve targets`
 * throttled once (retried), `For each account` as a Map Run (its Express children's states are not
 * in this history), `Notify owners` failing and caught to `Owners not notified`, then `Summarize`.
 */
function sweepHistory(): HistoryEvent[] {
  const h = historyBuilder();
  const resolved = { targetsRef: 'targets/s-1.json', targetCount: 2 };
  let p = h.add('ExecutionStarted', 0, {
    executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::999988887777:role/Sfn' },
  });
  p = h.entered('Task', 'Resolve targets', p);
  p = h.failed(h.lambda(p), 'Lambda.TooManyRequestsException', 'Rate exceeded');
  p = h.add('TaskScheduled', p, {
    taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'eu-west-1', parameters: '{}' },
  });
  p = h.add('TaskStarted', p, { taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } });
  p = h.succeeded(p, resolved);
  p = h.exited('Task', 'Resolve targets', p, resolved);
  p = h.entered('Map', 'For each account', p, resolved);
  p = h.add('MapRunStarted', p, { mapRunStartedEventDetails: { mapRunArn: MAP_RUN } });
  p = h.add('MapRunSucceeded', p);
  const results = { accountResults: { ResultWriterDetails: { Bucket: 'b', Key: 'account-results/x/manifest.json' } } };
  p = h.exited('Map', 'For each account', p, results);
  p = h.entered('Task', 'Notify owners', p, results);
  p = h.failed(h.lambda(p), 'States.TaskFailed', 'SNS is down');
  p = h.entered('Pass', 'Owners not notified', p);
  p = h.exited('Pass', 'Owners not notified', p);
  p = h.entered('Task', 'Summarize', p);
  p = h.succeeded(h.lambda(p), SUMMARY);
  p = h.exited('Task', 'Summarize', p, SUMMARY);
  h.add('ExecutionSucceeded', p, { executionSucceededEventDetails: { output: JSON.stringify(SUMMARY) } });
  return h.events;
}

/** DescribeMapRun of `For each account`: `done` of its 2 child executions ended (one failed once both have). */
function stubMapRun(done: () => number) {
  sfn.on(DescribeMapRunCommand).callsFake(() => {
    const ended = Math.min(2, done());
    const counts = {
      pending: 0,
      running: 2 - ended,
      succeeded: Math.min(ended, 1),
      failed: ended === 2 ? 1 : 0,
      timedOut: 0,
      aborted: 0,
      total: 2,
      resultsWritten: ended,
    };
    return {
      mapRunArn: MAP_RUN,
      executionArn: EXECUTION,
      status: ended === 2 ? 'SUCCEEDED' : 'RUNNING',
      maxConcurrency: 100,
      toleranceFailurePercentage: 100,
      toleratedFailureCount: 0,
      startDate: T0,
      // One item per child execution: the two counts agree.
      itemCounts: counts,
      executionCounts: counts,
    };
  });
}

function describeExecution(status: 'RUNNING' | 'SUCCEEDED' | 'FAILED') {
  return {
    executionArn: EXECUTION,
    stateMachineArn: MACHINE,
    name: NAME,
    status,
    startDate: T0,
    ...(status === 'RUNNING' ? {} : { stopDate: new Date(T0.getTime() + 252_000) }),
    input: '{"trigger":"warden sweep --remote"}',
    inputDetails: { included: true },
    ...(status === 'SUCCEEDED' ? { output: JSON.stringify(SUMMARY), outputDetails: { included: true } } : {}),
    ...(status === 'FAILED'
      ? { error: 'States.Runtime', cause: 'An error occurred while executing the state Summarize' }
      : {}),
    redriveCount: 0,
  };
}

/** History pages of 20 events, `nextToken` between them; `visible()` says how many events exist yet. */
function stubHistory(events: HistoryEvent[], visible: () => number = () => events.length) {
  sfn.on(GetExecutionHistoryCommand).callsFake((input: { nextToken?: string }) => {
    const from = input.nextToken === undefined ? 0 : Number(input.nextToken.replace('page-', ''));
    const upTo = Math.min(visible(), from + 20);
    return {
      events: events.slice(from, upTo),
      ...(upTo < visible() ? { nextToken: `page-${upTo}` } : {}),
    };
  });
}

// The caller's region, as the profile or the environment gives it (the stack is looked up there).
const savedRegion = process.env.AWS_REGION;
beforeAll(() => {
  process.env.AWS_REGION = 'eu-west-1';
});
afterAll(() => {
  if (savedRegion === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = savedRegion;
});

beforeEach(() => {
  sfn.reset();
  cfn.reset();
  cfn.on(DescribeStacksCommand, { StackName: 'WardenCentral' }).resolves({
    Stacks: [
      {
        StackName: 'WardenCentral',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: T0,
        Outputs: [
          { OutputKey: 'LedgerTableName', OutputValue: 'WardenCentral-Ledger-1' },
          { OutputKey: 'SweepStateMachineArn', OutputValue: MACHINE },
        ],
      },
    ],
  });
  sfn.on(DescribeStateMachineCommand).resolves({
    stateMachineArn: MACHINE,
    name: 'SweepStateMachineE1D5D20E-AbCdEf',
    definition: JSON.stringify(workflows().sweep.definition),
    roleArn: 'arn:aws:iam::999988887777:role/Sfn',
    type: 'STANDARD',
    creationDate: T0,
  });
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: T0 });
  stubMapRun(() => 2);
});

describe('the history of a deployed execution', () => {
  it('finds each failure’s state up the previousEventId chain, and whether a Catch or a Retry took it', () => {
    const trace = traceOf(new SfnHistoryReader().read(sweepHistory()));
    expect(trace.states['Resolve targets']).toEqual({
      entered: 1,
      failed: 1,
      retried: 1,
      errors: ['Lambda.TooManyRequestsException'],
    });
    expect(trace.states['Notify owners']).toEqual({ entered: 1, failed: 1, retried: 0, errors: ['States.TaskFailed'] });
    expect(trace.catches).toEqual([{ from: 'Notify owners', to: 'Owners not notified', count: 1 }]);
    expect(trace.states['For each account']?.entered).toBe(1);
    expect(trace.states.Summarize).toMatchObject({ entered: 1, failed: 0 });
  });

  it('reads each event once when pages are read again', () => {
    const reader = new SfnHistoryReader();
    const events = sweepHistory();
    const first = reader.read(events.slice(0, 30));
    const again = reader.read(events.slice(0, 40));
    expect(first.length).toBeGreaterThan(0);
    expect(traceOf([...first, ...again])).toEqual(traceOf(new SfnHistoryReader().read(events.slice(0, 40))));
  });
});

describe('warden sweep --remote', () => {
  it('starts the state machine named by the stack, prints the console URL, follows to the end, summarizes', async () => {
    sfn.on(DescribeExecutionCommand).resolves(describeExecution('SUCCEEDED'));
    stubHistory(sweepHistory());
    const { code, stdout, stderr } = await cli('sweep', '--remote', '--rules', 's3-bucket-encryption', '--dry-run');
    expect([code, stderr]).toEqual([0, '']);
    const start = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(start?.stateMachineArn).toBe(MACHINE);
    expect(start?.name).toMatch(/^sweep-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(JSON.parse(start?.input ?? '')).toEqual({
      trigger: 'warden sweep --remote',
      rules: ['s3-bucket-encryption'],
      dryRun: true,
    });
    expect(stdout).toContain(
      `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXECUTION}`,
    );
    expect(stdout).toContain('SUCCEEDED in 4m12s');
    expect(stdout).toContain('12 resources evaluated · 3 findings · 1 unreachable account(s)');
    expect(stdout).toMatch(/Resolve targets\s+×1\s+1 failed \(Lambda.TooManyRequestsException\) · 1 retried/);
    expect(stdout).toContain('Notify owners → Owners not notified  ×1');
    // The accounts' child executions, as DescribeMapRun counts them.
    expect(stdout).toMatch(/ForEachAccount\s+SUCCEEDED · 1\/2 succeeded · 1 failed, 0 timed out, 0 aborted/);
    // Every page was read: the history had more than one.
    expect(sfn.commandCalls(GetExecutionHistoryCommand).length).toBeGreaterThan(1);
  });

  it('polls a running execution, with live progress on a terminal, until it ends', async () => {
    const events = sweepHistory();
    let polls = 0;
    sfn.on(DescribeExecutionCommand).callsFake(() => describeExecution(++polls < 3 ? 'RUNNING' : 'SUCCEEDED'));
    // The history grows while the execution runs: two polls see it up to MapRunStarted, the Map Run's
    // children ending meanwhile; the third sees the rest.
    const mapRunStarted = events.findIndex((e) => e.type === 'MapRunStarted') + 1;
    stubHistory(events, () => (polls < 3 ? mapRunStarted : events.length));
    stubMapRun(() => polls - 1);
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (s: string) => (stdout += s),
      stderr: (s: string) => (stderr += s),
      terminal: { color: false, progress: true, columns: 120 },
    };
    const sleeps: number[] = [];
    const code = await remoteSweep({ stack: 'WardenCentral' }, io, {
      pollMs: 5,
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((r) => setTimeout(r, 110)); // past the bar's redraw interval
      },
    });
    expect(code).toBe(0);
    expect(sleeps).toEqual([5, 5]);
    // Redrawn in place while it runs: first where it starts, then the accounts as they finish.
    const lines = stderr.split('\r\u001b[2K').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^\[░{20}\] 0\/\? accounts · 0 resources · 0 findings · Resolve targets$/);
    // The accounts come from DescribeMapRun: their own states are in Express child executions.
    expect(lines).toContain('[██████████░░░░░░░░░░] 1/2 accounts · For each account');
    expect(stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(stdout).toContain('Notify owners → Owners not notified  ×1');
  });

  it('--json prints one document; a failed execution exits 1', async () => {
    sfn.on(DescribeExecutionCommand).resolves(describeExecution('FAILED'));
    stubHistory(sweepHistory().slice(0, 10));
    const { code, stdout } = await cli('sweep', '--remote', '--json');
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc.execution).toMatchObject({
      name: NAME,
      status: 'FAILED',
      error: 'States.Runtime',
      consoleUrl: consoleUrl(EXECUTION),
    });
    expect(doc.states['Resolve targets']).toMatchObject({ entered: 1 });
  });

  it('says what to do when the stack is not a Warden stack', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [{ StackName: 'Other', StackStatus: 'CREATE_COMPLETE', CreationTime: T0, Outputs: [] }] });
    const { code, stderr } = await cli('sweep', '--remote', '--stack', 'Other');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'warden: stack Other has no output SweepStateMachineArn; is it a Warden central stack? (pass --stack NAME)\n',
    );
  });
});

describe('warden executions', () => {
  it('list shows the newest executions with their status', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: EXECUTION,
          stateMachineArn: MACHINE,
          name: NAME,
          status: 'SUCCEEDED',
          startDate: T0,
          stopDate: new Date(T0.getTime() + 252_000),
        },
        {
          executionArn: EXECUTION.replace(NAME, 'sweep-2026-11-21T06-00-00Z'),
          stateMachineArn: MACHINE,
          name: 'sweep-2026-11-21T06-00-00Z',
          status: 'FAILED',
          startDate: new Date(T0.getTime() - 86_400_000),
          stopDate: new Date(T0.getTime() - 86_000_000),
        },
      ],
    });
    const text = await cli('executions', 'list', '--status', 'SUCCEEDED', '--max', '5');
    expect(text.code).toBe(0);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: MACHINE,
      maxResults: 5,
      statusFilter: 'SUCCEEDED',
    });
    expect(text.stdout.split('\n')[0]).toMatch(/^SUCCEEDED\s+sweep-2026-11-22T06-00-00Z\s+2026-11-22T06:00:00.000Z/);
    const json = JSON.parse((await cli('executions', 'list', '--json')).stdout);
    expect(json.map((e: { status: string }) => e.status)).toEqual(['SUCCEEDED', 'FAILED']);
    expect(json[0].consoleUrl).toBe(consoleUrl(EXECUTION));
  });

  it('show prints the execution as the console shows it', async () => {
    sfn.on(DescribeExecutionCommand).resolves(describeExecution('SUCCEEDED'));
    stubHistory(sweepHistory());
    const { code, stdout } = await cli('executions', 'show', EXECUTION, '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.summary).toEqual(SUMMARY);
    expect(doc.catches).toEqual([{ from: 'Notify owners', to: 'Owners not notified', count: 1 }]);
    expect(doc.states.Summarize).toMatchObject({ entered: 1, failed: 0 });
    expect(doc.mapRuns).toEqual([
      {
        mapRunArn: MAP_RUN,
        label: 'ForEachAccount',
        status: 'SUCCEEDED',
        items: { total: 2, pending: 0, running: 0, succeeded: 1, failed: 1, timedOut: 0, aborted: 0 },
      },
    ]);
  });

  it.each([
    [['executions'], /^warden: executions needs list or show/],
    [['executions', 'show', 'arn:aws:states:eu-west-1:1:stateMachine:x'], /is not an execution ARN/],
    [['executions', 'list', '--max', '0'], /--max must be a whole number/],
    [['executions', 'list', '--status', 'DONE'], /Allowed choices are RUNNING, SUCCEEDED/],
  ])('%j is a one-line usage error', async (argv, message) => {
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
