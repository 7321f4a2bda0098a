/** The local runner's one transform for Distributed Map fields: what it rewrites, what it refuses. */
import '../../local/polyfills';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { fieldsTheLocalEngineIgnores } from '../../local/ignored-fields';
import { handlersFor, lowerDistributedMaps } from '../../local/lower-distributed-map';
import { MemoryObjectStore } from '../../local/memory-store';
import { readMapResults } from '../../tasks/shared/map-results';

type State = Record<string, unknown>;

const distributedMap = (extra: State = {}): State => ({
  Type: 'Map',
  ItemReader: {
    Resource: 'arn:aws:states:::s3:getObject',
    ReaderConfig: { InputType: 'JSON' },
    Parameters: { Bucket: 'artifacts', 'Key.$': '$.itemsRef' },
  },
  ItemSelector: { 'n.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
  ItemProcessor: {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
    StartAt: 'Double',
    States: { Double: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Double', End: true } },
  },
  ResultWriter: {
    Resource: 'arn:aws:states:::s3:putObject',
    Parameters: { Bucket: 'artifacts', Prefix: 'results' },
    WriterConfig: { OutputType: 'JSON', Transformation: 'NONE' },
  },
  ToleratedFailurePercentage: 100,
  Label: 'Each',
  MaxConcurrency: 5,
  ResultPath: '$.out.results',
  Next: 'After',
  ...extra,
});

const definition = (map: State = distributedMap()) => ({
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.go', BooleanEquals: true, Next: 'Each item' }],
      Default: 'After',
    },
    'Each item': map,
    After: { Type: 'Pass', End: true },
  },
});

describe('lowering a Distributed Map for the local engine', () => {
  it('runs it as AWS would: items from S3, results exported to S3, the Map output where ResultPath says', async () => {
    const store = new MemoryObjectStore();
    await store.putJson('items/1.json', [1, 2, 3]);
    const lowered = lowerDistributedMaps(definition(), { stateMachineName: 'Demo' });
    expect([...lowered.synthetic.keys()]).toEqual(['Each item (S3 items)', 'Each item (S3 results)']);
    expect(fieldsTheLocalEngineIgnores(lowered.definition)).toEqual([]);

    const machine = new StateMachine(lowered.definition as never);
    const output = (await machine.run({ go: true, itemsRef: 'items/1.json', tag: 't' } as never, {
      overrides: {
        taskResourceLocalHandlers: {
          ...handlersFor(lowered, store),
          Double: async (input: { n: number; tag: string }) => ({ doubled: input.n * 2, tag: input.tag }),
        } as never,
      },
    }).result) as { out: { results: { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } } } };

    // The state data is what AWS would leave: no stand-in fields, the Map's output at $.out.results.
    expect(Object.keys(output).sort()).toEqual(['go', 'itemsRef', 'out', 'tag']);
    const details = output.out.results.ResultWriterDetails;
    expect(details).toEqual({
      Bucket: 'artifacts',
      Key: expect.stringMatching(/^results\/[0-9a-f-]{36}\/manifest\.json$/),
    });
    expect(output.out.results.MapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:Demo\/Each item:/);
    // Read back with the same reader the tasks use.
    const results = await readMapResults(store, output.out.results);
    expect(results).toEqual({
      succeeded: [
        { doubled: 2, tag: 't' },
        { doubled: 4, tag: 't' },
        { doubled: 6, tag: 't' },
      ],
      failed: [],
    });
  });

  it('sends every transition to the Map through its item reader first, and leaves the input definition as it was', () => {
    const original = definition();
    const before = JSON.stringify(original);
    const lowered = lowerDistributedMaps(original, { stateMachineName: 'Demo' });
    const states = lowered.definition.States as Record<string, State>;
    expect((states.Route?.Choices as State[] | undefined)?.[0]?.Next).toBe('Each item (S3 items)');
    expect(states['Each item (S3 items)']).toMatchObject({ Type: 'Task', Next: 'Each item' });
    expect(states['Each item']).toMatchObject({ ItemsPath: '$.__localMapItems', Next: 'Each item (S3 results)' });
    expect(states['Each item (S3 results)']).toMatchObject({ Next: 'After' });
    for (const field of ['ItemReader', 'ResultWriter', 'ToleratedFailurePercentage', 'Label']) {
      expect(states['Each item']).not.toHaveProperty(field);
    }
    expect(JSON.stringify(original)).toBe(before);
  });

  it('only drops the processor fields of a Distributed Map over inline items', () => {
    const { ItemReader: _r, ResultWriter: _w, ...inline } = distributedMap({ ItemsPath: '$.items' });
    const lowered = lowerDistributedMaps(definition(inline), { stateMachineName: 'Demo' });
    expect(lowered.synthetic.size).toBe(0);
    expect(fieldsTheLocalEngineIgnores(lowered.definition)).toEqual([]);
    expect((lowered.definition.States as Record<string, State>)['Each item']).toMatchObject({ ItemsPath: '$.items' });
  });

  it.each([
    ['ItemBatcher', { ItemBatcher: { MaxItemsPerBatch: 10 } }, /ItemBatcher/],
    [
      'a CSV ItemReader',
      {
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV' },
          Parameters: { Bucket: 'b', Key: 'k' },
        },
      },
      /JSON file/,
    ],
    [
      'a FLATTEN ResultWriter',
      {
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Parameters: { Bucket: 'b' },
          WriterConfig: { OutputType: 'JSON', Transformation: 'FLATTEN' },
        },
      },
      /Transformation: NONE/,
    ],
    ['an InputPath', { InputPath: '$.x' }, /InputPath/],
    ['a ResultPath with brackets', { ResultPath: "$['a']" }, /plain/],
  ])('refuses %s, naming the state, rather than run it differently from AWS', (_what, extra, message) => {
    expect(() => lowerDistributedMaps(definition(distributedMap(extra)), { stateMachineName: 'Demo' })).toThrow(
      message,
    );
    expect(() => lowerDistributedMaps(definition(distributedMap(extra)), { stateMachineName: 'Demo' })).toThrow(
      /state "Each item"/,
    );
  });

  it('fails the item reader as AWS does when the object is not a JSON array', async () => {
    const store = new MemoryObjectStore();
    await store.putJson('items/1.json', { not: 'an array' });
    const lowered = lowerDistributedMaps(definition(), { stateMachineName: 'Demo' });
    const read = handlersFor(lowered, store)['Each item (S3 items)'];
    await expect(read?.({ Bucket: 'artifacts', Key: 'items/1.json' })).rejects.toMatchObject({
      name: 'States.ItemReaderFailed',
    });
  });
});
