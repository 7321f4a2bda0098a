/**
 * The one transform that makes a Distributed Map run on aws-local-stepfunctions, which accepts the
 * Distributed-Map-only fields but does not execute them (../shared/research/local-engine.md §1.2).
 * Each such Map state is rewritten to what AWS does around it, with states the engine does run:
 *
 * - `ItemReader` (a JSON array in S3, `arn:aws:states:::s3:getObject`) → a Task `<Map> (S3 items)`
 *   just before the Map, reading the object from the local object store into the Map's input; the
 *   Map iterates it with `ItemsPath`.
 * - `ResultWriter` (`arn:aws:states:::s3:putObject`, `Transformation: NONE`, JSON) → a Task
 *   `<Map> (S3 results)` just after it, writing the children's outputs as Step Functions exports
 *   them (`<prefix>/<map run id>/manifest.json` and `SUCCEEDED_0.json`) and putting the Map's
 *   real output (`MapRunArn`, `ResultWriterDetails`) where its `ResultPath` says.
 * - `ProcessorConfig` (DISTRIBUTED, EXPRESS), `Label`: dropped; the engine runs the item processor
 *   inline, the same states with the same input.
 * - `ToleratedFailurePercentage`/`Count`: dropped. Locally the first child that fails outright fails
 *   the Map (stricter than AWS, never more lenient); the sweep catches failures inside each child.
 * - Anything else (ItemBatcher, other readers or writer configs, JSONPath-valued limits): refused,
 *   naming the state and field, rather than run differently from AWS.
 *
 * The added states are the local stand-ins for work AWS does inside the Map state: runners leave
 * them out of state-transition counts and execution events.
 */
import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '../tasks/shared/object-store';
import type { JsonValue } from './bindings';

type State = Record<string, unknown>;
type States = Record<string, State>;
type LocalHandler = (input: JsonValue) => Promise<JsonValue>;

/** Where the lowered Map finds its items and leaves its raw results, in the state data. */
const ITEMS_FIELD = '__localMapItems';
const RESULTS_FIELD = '__localMapResults';

interface LoweringOptions {
  /** The state machine's name, for the Map Run ARN. */
  readonly stateMachineName: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly account?: string;
}

interface SyntheticState {
  /** The Distributed Map state it stands in for. */
  readonly map: string;
  readonly handler: (store: ObjectStore) => LocalHandler;
}

interface LoweredDefinition {
  readonly definition: Record<string, unknown>;
  /** The added states, by name: bind them with `handlersFor`, leave them out of counts. */
  readonly synthetic: ReadonlyMap<string, SyntheticState>;
}

class LoweringError extends Error {
  public constructor(state: string, message: string) {
    super(`state "${state}": ${message} (local/lower-distributed-map.ts cannot run it as AWS would)`);
    this.name = 'LoweringError';
  }
}

const DROPPED_FIELDS = [
  'Label',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
] as const;

function isDistributed(state: State): boolean {
  const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
  return state.Type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

/** `$.a.b` → ['a', 'b']; anything fancier (brackets, filters, `$$`) is refused. */
function pathSegments(state: string, field: string, path: string): string[] {
  if (path === '$') return [];
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(path)) {
    throw new LoweringError(state, `${field} "${path}" is not a plain $.a.b path`);
  }
  return path.split('.').slice(1);
}

function setAt(target: Record<string, JsonValue>, segments: readonly string[], value: JsonValue): void {
  let node = target;
  for (const key of segments.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, JsonValue>;
  }
  node[segments.at(-1) as string] = value;
}

function itemsReader(name: string, reader: Record<string, unknown>): (store: ObjectStore) => LocalHandler {
  const config = (reader.ReaderConfig ?? {}) as { InputType?: string; MaxItems?: number };
  if (!String(reader.Resource).endsWith(':states:::s3:getObject') || config.InputType !== 'JSON') {
    throw new LoweringError(name, 'only an ItemReader over a JSON file (s3:getObject, InputType JSON) is lowered');
  }
  const unknown = Object.keys(config).filter((k) => k !== 'InputType' && k !== 'MaxItems');
  if (unknown.length > 0) throw new LoweringError(name, `ReaderConfig.${unknown[0]} is not lowered`);
  return (store) => async (input) => {
    const { Key } = input as { Key?: unknown };
    if (typeof Key !== 'string') throw new LoweringError(name, 'ItemReader has no Key');
    const items = await store.getJson<unknown>(Key);
    if (!Array.isArray(items)) {
      // What the Map state fails with in AWS when the JSON file does not hold an array.
      throw Object.assign(new Error(`s3 object ${Key} does not contain a JSON array`), {
        name: 'States.ItemReaderFailed',
      });
    }
    return (config.MaxItems === undefined ? items : items.slice(0, config.MaxItems)) as JsonValue;
  };
}

interface WriterSpec {
  readonly prefix: string;
  readonly bucket: string;
}

function writerSpec(name: string, writer: Record<string, unknown>): WriterSpec {
  const config = (writer.WriterConfig ?? {}) as { Transformation?: string; OutputType?: string };
  if ((config.Transformation ?? 'NONE') !== 'NONE' || (config.OutputType ?? 'JSON') !== 'JSON') {
    throw new LoweringError(name, 'only ResultWriter WriterConfig {Transformation: NONE, OutputType: JSON} is lowered');
  }
  const params = (writer.Parameters ?? {}) as { Bucket?: unknown; Prefix?: unknown };
  if (!String(writer.Resource).endsWith(':states:::s3:putObject') || typeof params.Bucket !== 'string') {
    throw new LoweringError(name, 'only a ResultWriter to a fixed bucket (s3:putObject) is lowered');
  }
  return { bucket: params.Bucket, prefix: typeof params.Prefix === 'string' ? params.Prefix : '' };
}

function resultsWriter(
  name: string,
  writer: WriterSpec | undefined,
  resultPath: string | null,
  options: LoweringOptions,
): (store: ObjectStore) => LocalHandler {
  const target = resultPath === null ? undefined : pathSegments(name, 'ResultPath', resultPath);
  return (store) => async (input) => {
    const data = { ...(input as Record<string, JsonValue>) };
    const outputs = (data[RESULTS_FIELD] ?? []) as JsonValue[];
    delete data[ITEMS_FIELD];
    delete data[RESULTS_FIELD];
    let result: JsonValue = outputs;
    if (writer !== undefined) {
      const runId = randomUUID();
      const mapRunArn = `arn:aws:states:${options.region ?? 'us-east-1'}:${options.account ?? '123456789012'}:mapRun:${options.stateMachineName}/${name}:${runId}`;
      const folder = writer.prefix === '' ? runId : `${writer.prefix.replace(/\/$/, '')}/${runId}`;
      const children = outputs.map((output, i) => ({
        ExecutionArn: `${mapRunArn.replace(':mapRun:', ':execution:')}:${i}`,
        Output: JSON.stringify(output),
        Status: 'SUCCEEDED',
      }));
      const body = JSON.stringify(children);
      await store.putText(`${folder}/SUCCEEDED_0.json`, body, 'application/json');
      const manifestKey = `${folder}/manifest.json`;
      await store.putJson(manifestKey, {
        DestinationBucket: writer.bucket,
        MapRunArn: mapRunArn,
        ResultFiles: {
          FAILED: [],
          PENDING: [],
          SUCCEEDED: [{ Key: `${folder}/SUCCEEDED_0.json`, Size: Buffer.byteLength(body) }],
        },
      });
      result = { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: writer.bucket, Key: manifestKey } };
    }
    if (target === undefined) return data;
    if (target.length === 0) return result;
    setAt(data, target, result);
    return data;
  };
}

/** Points every transition to `from` (Next, Default, Choices, Catch, StartAt) at `to`. */
function redirect(definition: { StartAt?: unknown; States: States }, from: string, to: string): void {
  if (definition.StartAt === from) definition.StartAt = to;
  for (const state of Object.values(definition.States)) {
    if (state.Next === from) state.Next = to;
    if (state.Default === from) state.Default = to;
    for (const choice of (state.Choices ?? []) as State[]) if (choice.Next === from) choice.Next = to;
    for (const c of (state.Catch ?? []) as State[]) if (c.Next === from) c.Next = to;
  }
}

function lowerMap(
  scope: { StartAt?: unknown; States: States },
  name: string,
  options: LoweringOptions,
  synthetic: Map<string, SyntheticState>,
): void {
  const map = scope.States[name] as State;
  if ('ItemBatcher' in map) throw new LoweringError(name, 'ItemBatcher is not lowered');
  for (const field of ['InputPath', 'ResultSelector', 'MaxConcurrencyPath']) {
    if (field in map) throw new LoweringError(name, `${field} on a Distributed Map is not lowered`);
  }
  const lowered: State = { ...map };
  const processor = { ...(map.ItemProcessor as State) };
  delete processor.ProcessorConfig;
  lowered.ItemProcessor = processor;
  for (const field of DROPPED_FIELDS) delete lowered[field];

  const reader = map.ItemReader as Record<string, unknown> | undefined;
  const writer = map.ResultWriter as Record<string, unknown> | undefined;
  delete lowered.ItemReader;
  delete lowered.ResultWriter;
  scope.States[name] = lowered;
  if (reader === undefined && writer === undefined) return;

  if (reader !== undefined) {
    if ('ItemsPath' in map) throw new LoweringError(name, 'ItemsPath with an ItemReader is not lowered');
    const readerName = `${name} (S3 items)`;
    redirect(scope, name, readerName);
    scope.States[readerName] = {
      Type: 'Task',
      Comment: `Local stand-in for the ItemReader of "${name}".`,
      Resource: reader.Resource,
      Parameters: reader.Parameters,
      ResultPath: `$.${ITEMS_FIELD}`,
      Next: name,
    };
    lowered.ItemsPath = `$.${ITEMS_FIELD}`;
    synthetic.set(readerName, { map: name, handler: itemsReader(name, reader) });
  }

  const resultsName = `${name} (S3 results)`;
  const resultPath = map.ResultPath === undefined ? '$' : (map.ResultPath as string | null);
  scope.States[resultsName] = {
    Type: 'Task',
    Comment: `Local stand-in for the ${writer !== undefined ? 'ResultWriter' : 'result'} of "${name}".`,
    Resource: 'arn:aws:states:::s3:putObject',
    // No ResultPath: the handler returns the whole next state (aws-local-stepfunctions reads "$" as a key).
    ...('OutputPath' in map ? { OutputPath: map.OutputPath } : {}),
    ...('Next' in map ? { Next: map.Next } : { End: true }),
  };
  delete lowered.OutputPath;
  delete lowered.End;
  lowered.Next = resultsName;
  lowered.ResultPath = `$.${RESULTS_FIELD}`;
  synthetic.set(resultsName, {
    map: name,
    handler: resultsWriter(name, writer === undefined ? undefined : writerSpec(name, writer), resultPath, options),
  });
}

function lowerScope(
  scope: { StartAt?: unknown; States: States },
  options: LoweringOptions,
  synthetic: Map<string, SyntheticState>,
): void {
  for (const name of Object.keys(scope.States)) {
    const state = scope.States[name] as State;
    if (isDistributed(state)) lowerMap(scope, name, options, synthetic);
    const current = scope.States[name] as State;
    const processor = (current.ItemProcessor ?? current.Iterator) as { States?: States } | undefined;
    if (processor?.States !== undefined) lowerScope(processor as { States: States }, options, synthetic);
    for (const branch of (current.Branches ?? []) as { States: States }[]) lowerScope(branch, options, synthetic);
  }
}

/** A deep copy of `definition` with every Distributed Map lowered (the input is not changed). */
function lowerDistributedMaps(definition: Record<string, unknown>, options: LoweringOptions): LoweredDefinition {
  const copy = structuredClone(definition) as { StartAt?: unknown; States: States };
  const synthetic = new Map<string, SyntheticState>();
  lowerScope(copy, options, synthetic);
  for (const name of synthetic.keys()) {
    if (Object.keys(definition.States as States).includes(name)) throw new LoweringError(name, 'the name is taken');
  }
  return { definition: copy as unknown as Record<string, unknown>, synthetic };
}

/** The local handlers of the added states, over the run's object store. */
function handlersFor(lowered: LoweredDefinition, store: ObjectStore): Record<string, LocalHandler> {
  return Object.fromEntries([...lowered.synthetic].map(([name, s]) => [name, s.handler(store)]));
}

export type { LoweredDefinition, LoweringOptions, SyntheticState };
export { handlersFor, LoweringError, lowerDistributedMaps };
