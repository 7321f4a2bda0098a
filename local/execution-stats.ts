/**
 * What a local execution's event stream says about it, counted as AWS counts it: state transitions,
 * retries by state, and the largest state payload. Step Functions fails an execution whose state
 * input or output passes 256 KiB (`States.DataLimitExceeded`); the local engine has no such limit,
 * so the first payload over it is remembered and reported as the failure AWS would have given.
 */
import type { EngineEvent } from './engine-events';

/** Step Functions' limit on a state's input or output: 256 KiB of UTF-8. */
const PAYLOAD_LIMIT_BYTES = 262_144;

class ExecutionStats {
  public stateTransitions = 0;
  /** Retries the states' Retry policies made, by state. */
  public readonly retries: Record<string, number> = {};
  public largestPayload = { state: '', bytes: 0 };
  private over?: { state: string; bytes: number };

  /**
   * @param payloadExempt states whose payload is not measured: a Distributed Map's, whose items come
   * from S3 and whose results go to S3 in AWS, not through its own payload.
   */
  public constructor(private readonly payloadExempt: ReadonlySet<string> = new Set()) {}

  public add(event: EngineEvent): void {
    const state = event.state;
    if (event.type === 'StateEntered') this.stateTransitions += 1;
    if (state?.name === undefined) return;
    if (event.type === 'StateRetried') this.retries[state.name] = (this.retries[state.name] ?? 0) + 1;
    if (this.payloadExempt.has(state.name)) return;
    const data = event.type === 'StateEntered' ? state.input : event.type === 'StateExited' ? state.output : undefined;
    if (data === undefined) return;
    const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
    if (bytes > this.largestPayload.bytes) this.largestPayload = { state: state.name, bytes };
    if (bytes > PAYLOAD_LIMIT_BYTES && this.over === undefined) this.over = { state: state.name, bytes };
  }

  /** The counts, as a `LocalExecution` carries them. */
  public summary() {
    return { stateTransitions: this.stateTransitions, retries: this.retries, largestPayload: this.largestPayload };
  }

  /** The failure AWS would have ended the execution with, if a payload passed the limit. */
  public payloadFailure(): { error: string; cause: string } | undefined {
    if (this.over === undefined) return undefined;
    return {
      error: 'States.DataLimitExceeded',
      cause: `The state '${this.over.state}' had a payload of ${this.over.bytes} bytes, over the 262144-byte limit of Step Functions.`,
    };
  }
}

export { ExecutionStats };
