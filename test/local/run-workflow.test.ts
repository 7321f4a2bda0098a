/**
 * The one local runner under the sweep and the event runs, on small hand-written definitions: what it
 * binds, how it counts, and what it makes of a failure, an oversized payload and a Distributed Map.
 */
import { describe, expect, it } from 'vitest';
import type { PublishedMessage, TaskFactory } from '../../local/bindings';
import type { EngineEvent } from '../../local/engine-events';
import type { ExtractedStateMachine, Template } from '../../local/extract';
import { MemoryObjectStore } from '../../local/memory-store';
import { LocalWorkflow, type WorkflowRun, withLambdaTimeouts, wrapTasks } from '../../local/run-workflow';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';
const template: Template = {
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { WARDEN_TASK: 'work' } } } },
  },
};

const machineOf = (states: Record<string, unknown>, startAt: string): ExtractedStateMachine => ({
  logicalId: 'DemoStateMachine',
  definition: { StartAt: startAt, States: states },
  placeholders: new Map([[FN, { logicalId: 'Fn', type: 'AWS::Lambda::Function' }]]),
});

/** One Task that hands the function its input and what the execution's context says. */
const oneTask = (extra: Record<string, unknown> = {}) =>
  machineOf(
    {
      Work: {
        Type: 'Task',
        Resource: FN,
        Parameters: {
          'n.$': '$.n',
          'name.$': '$$.Execution.Name',
          'arn.$': '$$.Execution.Id',
          'at.$': '$$.State.EnteredTime',
        },
        End: true,
        ...extra,
      },
    },
    'Work',
  );

const runOf = (tasks: Record<string, TaskFactory>, input: unknown = { n: 2 }): WorkflowRun => ({
  input,
  name: 'demo-1',
  startedAt: new Date('2026-11-22T06:00:00Z'),
  tasks,
  outbox: [] as PublishedMessage[],
  store: new MemoryObjectStore(),
});

class BoomError extends Error {
  public override readonly name = 'BoomError';
}

describe('running a synthesized state machine locally', () => {
  it('binds the Tasks, gives them the execution context and counts the run as AWS would', async () => {
    const seen: EngineEvent[] = [];
    const result = await new LocalWorkflow(oneTask(), template).run({
      ...runOf({ work: () => async (event) => event }),
      onEvent: (event) => seen.push(event),
    });
    const output = {
      n: 2,
      name: 'demo-1',
      arn: 'arn:aws:states:us-east-1:123456789012:execution:DemoStateMachine:demo-1',
      at: '2026-11-22T06:00:00.000Z',
    };
    expect(result.output).toEqual(output);
    expect(result.execution).toEqual({
      name: 'demo-1',
      status: 'SUCCEEDED',
      stateTransitions: 1,
      retries: {},
      largestPayload: { state: 'Work', bytes: Buffer.byteLength(JSON.stringify(output)) },
    });
    expect(seen.filter((e) => e.type === 'StateEntered').map((e) => e.state?.name)).toEqual(['Work']);
  });

  it('makes a failing task a FAILED execution with its Error and Cause, not an exception', async () => {
    const result = await new LocalWorkflow(oneTask(), template).run(
      runOf({
        work: () => async () => {
          throw new BoomError('the task broke');
        },
      }),
    );
    expect(result.output).toBeUndefined();
    expect(result.execution).toMatchObject({ status: 'FAILED', error: 'BoomError', cause: 'the task broke' });
  });

  it('fails an execution whose state output passes 256 KiB with States.DataLimitExceeded, as AWS would', async () => {
    const result = await new LocalWorkflow(oneTask(), template).run(
      runOf({ work: () => async () => ({ blob: 'x'.repeat(300_000) }) }),
    );
    expect(result.output).toBeUndefined();
    expect(result.execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(result.execution.cause).toMatch(/'Work' had a payload of 300011 bytes, over the 262144-byte limit/);
  });

  it('refuses to run a Task it has no handler for, rather than let it call real AWS Lambda', async () => {
    await expect(new LocalWorkflow(oneTask(), template).run(runOf({}))).rejects.toThrow(
      /no local handler for Lambda task "work"/,
    );
  });

  it('retries as the Retry policy says, without its waits, and counts the retries by state', async () => {
    let calls = 0;
    const retrying = oneTask({ Retry: [{ ErrorEquals: ['BoomError'], IntervalSeconds: 3600, MaxAttempts: 2 }] });
    const result = await new LocalWorkflow(retrying, template).run(
      runOf({
        work: () => async (event) => {
          calls += 1;
          if (calls === 1) throw new BoomError('once');
          return event;
        },
      }),
    );
    expect(result.execution).toMatchObject({ status: 'SUCCEEDED', retries: { Work: 1 } });
  });

  it("runs a Distributed Map's S3 reader and writer without counting or showing their stand-in states", async () => {
    const map = machineOf(
      {
        'Each item': {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: 'artifacts', 'Key.$': '$.itemsRef' },
          },
          ItemSelector: { 'n.$': '$$.Map.Item.Value' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'Double',
            States: { Double: { Type: 'Task', Resource: FN, End: true } },
          },
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: 'artifacts', Prefix: 'results' },
            WriterConfig: { OutputType: 'JSON', Transformation: 'NONE' },
          },
          ResultPath: '$.results',
          End: true,
        },
      },
      'Each item',
    );
    const store = new MemoryObjectStore();
    await store.putJson('items/1.json', [1, 2, 3]);
    const seen: EngineEvent[] = [];
    const result = await new LocalWorkflow(map, template).run({
      ...runOf({ work: () => async (event) => (event as { n: number }).n * 2 }, { itemsRef: 'items/1.json' }),
      store,
      onEvent: (event) => seen.push(event),
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ results: { MapRunArn: expect.stringContaining('DemoStateMachine') } });
    const states = new Set(seen.map((e) => e.state?.name).filter((name) => name !== undefined));
    expect([...states].sort()).toEqual(['Double', 'Each item']);
    // The Map state and one child per item; the stand-ins are work AWS does inside the Map state.
    expect(result.execution.stateTransitions).toBe(seen.filter((e) => e.type === 'StateEntered').length);
    expect(result.execution.stateTransitions).toBe(4);
  });
});

describe('wrapping task handlers', () => {
  it("hands each task's handler to the wrapper with the task's name", async () => {
    const tasks = wrapTasks(
      { work: () => async () => 'done' },
      (task, run) => async (event) => `${task}: ${await run(event)}`,
    );
    expect(await tasks.work?.({})({})).toBe('work: done');
  });
});

describe('Lambda Task timeouts', () => {
  it("bound a Lambda Task without TimeoutSeconds by its function's Timeout (Lambda's 3 s when unset), not the engine's 60 s", () => {
    const definition = {
      StartAt: 'Slow',
      States: {
        Slow: { Type: 'Task', Resource: 'arn:slow', Next: 'Quick' },
        Quick: { Type: 'Task', Resource: 'arn:quick', Next: 'Own' },
        Own: { Type: 'Task', Resource: 'arn:slow', TimeoutSeconds: 7, Next: 'Publish' },
        Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true },
      },
    };
    const placeholders = new Map([
      ['arn:slow', { logicalId: 'SlowFn', type: 'AWS::Lambda::Function' }],
      ['arn:quick', { logicalId: 'QuickFn', type: 'AWS::Lambda::Function' }],
    ]);
    const template: Template = {
      Resources: {
        SlowFn: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 240 } },
        QuickFn: { Type: 'AWS::Lambda::Function', Properties: {} },
      },
    };
    const states = withLambdaTimeouts(definition, { placeholders }, template).States as Record<
      string,
      { TimeoutSeconds?: number }
    >;
    expect(states.Slow?.TimeoutSeconds).toBe(240);
    expect(states.Quick?.TimeoutSeconds).toBe(3);
    expect(states.Own?.TimeoutSeconds).toBe(7);
    expect(states.Publish?.TimeoutSeconds).toBeUndefined();
    // The synthesized definition itself is left as it is.
    expect(definition.States.Slow).not.toHaveProperty('TimeoutSeconds');
  });
});
