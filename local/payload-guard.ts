/** Step Functions' payload limit, which the local engine does not enforce, applied to a local run's events. */
import type { EngineEvent } from './engine-events';

/** Step Functions' limit on a state's input or output: 256 KiB of UTF-8. */
const PAYLOAD_LIMIT_BYTES = 262_144;

/**
 * Measures every state's input and output as AWS would, and remembers the first one over the limit
 * (AWS fails the execution there with `States.DataLimitExceeded`). A Distributed Map state is left
 * out: in AWS its items come from S3 and its results go to S3, not through its own payload.
 */
class PayloadGuard {
  private over?: { state: string; bytes: number };
  public largest = { state: '', bytes: 0 };

  public constructor(private readonly exempt: ReadonlySet<string>) {}

  public check(event: EngineEvent): void {
    const state = event.state as { name?: string; input?: unknown; output?: unknown } | undefined;
    if (state?.name === undefined || this.exempt.has(state.name)) return;
    const data = event.type === 'StateEntered' ? state.input : event.type === 'StateExited' ? state.output : undefined;
    if (data === undefined) return;
    const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
    if (bytes > this.largest.bytes) this.largest = { state: state.name, bytes };
    if (bytes > PAYLOAD_LIMIT_BYTES && this.over === undefined) this.over = { state: state.name, bytes };
  }

  public failure(): { error: string; cause: string } | undefined {
    if (this.over === undefined) return undefined;
    return {
      error: 'States.DataLimitExceeded',
      cause: `The state '${this.over.state}' had a payload of ${this.over.bytes} bytes, over the 262144-byte limit of Step Functions.`,
    };
  }
}

export { PAYLOAD_LIMIT_BYTES, PayloadGuard };
