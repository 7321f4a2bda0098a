/**
 * The history events aws-local-stepfunctions emits while it runs a definition, as far as Warden reads
 * them (the package does not export its `EventLog` type). They mirror what GetExecutionHistory gives
 * for a deployed execution: states entered and exited, failures, retries and catches.
 */
interface EngineEvent {
  readonly type: string;
  readonly timestamp: number;
  /** Set on state events: the state's name and type, its input, and its output on `StateExited`. */
  readonly state?: {
    readonly name: string;
    readonly type: string;
    readonly input?: unknown;
    readonly output?: unknown;
  };
  /** Set on Map iteration events: the Map state. */
  readonly parentState?: { readonly name: string; readonly type: string };
  readonly index?: number;
  /** Set on failure events. */
  readonly Error?: string;
  readonly Cause?: unknown;
  /** Set on `StateCaught`: the Catch that took the error, and so the state that runs next. */
  readonly catch?: { readonly catcher: { readonly Next: string; readonly ErrorEquals?: readonly string[] } };
  /** Set on `StateRetried`. */
  readonly retry?: { readonly attempt: number };
}

export type { EngineEvent };
