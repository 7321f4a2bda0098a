/**
 * The results of a Distributed Map run as its `ResultWriter` exports them to S3: the Map state's
 * output names a `manifest.json`, which lists the result files by child-execution status; each
 * file is a JSON array of child executions (`Transformation: NONE`, the export default), each
 * with its `Input` and `Output` as JSON strings and, when it failed, its `Error` and `Cause`.
 */
import { z } from 'zod';
import type { ObjectStore } from './object-store';

/** The Distributed Map state's output when it has a ResultWriter. */
const MapRunResultsSchema = z.object({
  MapRunArn: z.string().optional(),
  ResultWriterDetails: z.object({ Bucket: z.string().min(1), Key: z.string().min(1) }),
});

type MapRunResults = z.infer<typeof MapRunResultsSchema>;

interface ResultFile {
  readonly Key: string;
  readonly Size?: number;
}

interface Manifest {
  readonly DestinationBucket?: string;
  readonly MapRunArn?: string;
  readonly ResultFiles: {
    readonly SUCCEEDED?: ResultFile[];
    readonly FAILED?: ResultFile[];
    readonly PENDING?: ResultFile[];
  };
}

interface ChildExecution {
  readonly Input?: string;
  readonly Output?: string;
  readonly Status?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

interface FailedChild {
  /** The item the child execution was started with (parsed `Input`), when known. */
  readonly input: unknown;
  readonly status: string;
  readonly error: string;
  readonly cause: string;
}

interface ChildResults {
  /** The parsed `Output` of every child execution that succeeded. */
  readonly succeeded: unknown[];
  /** Children that failed, timed out or were aborted (tolerated by the Map). */
  readonly failed: FailedChild[];
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads every result file the manifest lists; `PENDING` is empty once the Map state has ended. */
async function readMapResults(store: ObjectStore, results: MapRunResults): Promise<ChildResults> {
  const manifest = await store.getJson<Manifest>(results.ResultWriterDetails.Key);
  const succeeded: unknown[] = [];
  const failed: FailedChild[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    for (const child of await store.getJson<ChildExecution[]>(file.Key)) succeeded.push(parseJson(child.Output));
  }
  for (const file of [...(manifest.ResultFiles.FAILED ?? []), ...(manifest.ResultFiles.PENDING ?? [])]) {
    for (const child of await store.getJson<ChildExecution[]>(file.Key)) {
      failed.push({
        input: parseJson(child.Input),
        status: child.Status ?? 'FAILED',
        error: child.Error ?? 'States.Runtime',
        cause: child.Cause ?? 'the child execution did not succeed',
      });
    }
  }
  return { succeeded, failed };
}

export type { ChildExecution, ChildResults, FailedChild, Manifest, MapRunResults };
export { MapRunResultsSchema, readMapResults };
