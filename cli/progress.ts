/**
 * Progress of a sweep, local or deployed, from its state events: accounts done (of how many),
 * resources evaluated and findings so far. The counting is pure (`SweepProgress`); `progressBar`
 * draws it on a terminal's stderr, and is silent when there is no terminal or with `--json`.
 */
import type { StateEvent } from './history';
import type { MapRunView } from './remote/sfn';
import type { Terminal } from './terminal';

interface ProgressCounts {
  readonly accountsDone: number;
  /** Unknown until the account Map starts (and for a Map that reads its items from S3). */
  readonly accountsTotal?: number;
  /**
   * Unknown (left out) while a deployed sweep runs: its accounts are Express child executions of a
   * Distributed Map, whose states are not in the parent's history. The final summary has them.
   */
  readonly resourcesEvaluated?: number;
  readonly findings?: number;
  /** The state entered last, for a sense of where the execution is. */
  readonly current?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** `$.a.b` on a value: the only JSONPath form ItemsPath takes in Warden's definitions. */
function atPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  let current = value;
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * Counts from state events. The account loop is the first Map of the definition's top level; an
 * account is done when its iteration leaves through one of the loop's end states. Resources and
 * findings come from what `Evaluate rules` returns (`evaluation.resourcesEvaluated`, `evaluation.counts`):
 * counted when the state that writes `$.evaluation` exits, once per account — every later state of
 * the iteration passes the same `evaluation` on in its output.
 */
class SweepProgress {
  private readonly accountMap?: string;
  private readonly itemsPath: string;
  private readonly accountEnds: Set<string>;
  /** The account loop's state whose result is `$.evaluation` (`Evaluate rules`). */
  private readonly evaluator?: string;
  private counts = {
    accountsDone: 0,
    accountsTotal: undefined as number | undefined,
    resourcesEvaluated: 0,
    findings: 0,
  };
  private current: string | undefined;
  /** Set once a Map Run is seen: the accounts' own states are then out of sight. */
  private childStatesHidden = false;

  public constructor(definition: unknown) {
    const states = isObject(definition) && isObject(definition.States) ? definition.States : {};
    const entry = Object.entries(states).find(([, s]) => isObject(s) && s.Type === 'Map');
    const map = entry === undefined ? {} : (entry[1] as Json);
    const processor = isObject(map.ItemProcessor) ? map.ItemProcessor : isObject(map.Iterator) ? map.Iterator : {};
    const inner = isObject(processor.States) ? processor.States : {};
    this.accountMap = entry?.[0];
    this.itemsPath = typeof map.ItemsPath === 'string' ? map.ItemsPath : '$';
    this.accountEnds = new Set(
      Object.entries(inner)
        .filter(([, s]) => isObject(s) && (s.End === true || s.Type === 'Succeed' || s.Type === 'Fail'))
        .map(([name]) => name),
    );
    this.evaluator = Object.entries(inner).find(([, s]) => isObject(s) && s.ResultPath === '$.evaluation')?.[0];
  }

  public add(event: StateEvent): void {
    if (event.kind === 'entered') {
      this.current = event.state;
      if (event.state === this.accountMap) {
        const input = parsed(event.input);
        const items = atPath(input, this.itemsPath);
        // A Map reading its items from S3 is told how many there are by `Resolve targets` (`targetCount`).
        const count = isObject(input) ? input.targetCount : undefined;
        if (Array.isArray(items)) this.counts.accountsTotal = items.length;
        else if (typeof count === 'number') this.counts.accountsTotal = count;
      }
    }
    if (event.kind !== 'exited') return;
    if (this.accountEnds.has(event.state)) this.counts.accountsDone += 1;
    if (event.state !== this.evaluator) return;
    const evaluation = (parsed(event.output) as Json | undefined)?.evaluation;
    if (isObject(evaluation) && typeof evaluation.resourcesEvaluated === 'number') {
      this.counts.resourcesEvaluated += evaluation.resourcesEvaluated;
      for (const c of Object.values(isObject(evaluation.counts) ? evaluation.counts : {})) {
        if (isObject(c)) this.counts.findings += Number(c.NON_COMPLIANT ?? 0) + Number(c.ERROR ?? 0);
      }
    }
  }

  /** A deployed sweep's `For each account` Map Run, as DescribeMapRun counts its child executions. */
  public mapRun(run: MapRunView): void {
    this.childStatesHidden = true;
    const { items } = run;
    if (items.total > 0) this.counts.accountsTotal = items.total;
    this.counts.accountsDone = items.succeeded + items.failed + items.timedOut + items.aborted;
  }

  public snapshot(): ProgressCounts {
    const { accountsDone, accountsTotal, resourcesEvaluated, findings } = this.counts;
    return {
      accountsDone,
      ...(accountsTotal !== undefined ? { accountsTotal } : {}),
      ...(this.childStatesHidden ? {} : { resourcesEvaluated, findings }),
      ...(this.current !== undefined ? { current: this.current } : {}),
    };
  }
}

/** One line: `[████████░░░░░░░░] 3/4 accounts · 87 resources · 27 findings · Check exemptions`. */
function progressLine(p: ProgressCounts, columns: number): string {
  const width = 20;
  const total = p.accountsTotal;
  const filled = total === undefined || total === 0 ? 0 : Math.round((width * Math.min(p.accountsDone, total)) / total);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
  const parts = [
    `${bar} ${p.accountsDone}/${total ?? '?'} accounts`,
    ...(p.resourcesEvaluated !== undefined ? [`${p.resourcesEvaluated} resources`] : []),
    ...(p.findings !== undefined ? [`${p.findings} findings`] : []),
    ...(p.current ? [p.current] : []),
  ];
  const line = parts.join(' · ');
  // Never wrap: a wrapped line cannot be redrawn in place.
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

interface ProgressBar<T = ProgressCounts> {
  update(counts: T): void;
  /** Clears the line, so what is printed next starts clean. */
  done(): void;
}

const SILENT: ProgressBar<never> = { update: () => undefined, done: () => undefined };

/**
 * A redrawn line on stderr at most every `intervalMs` (the latest counts are drawn when the interval
 * ends, so a burst of events still shows where it got to); silent without a terminal or when `quiet`.
 */
function progressBar(
  io: { stderr(text: string): void; readonly terminal?: Terminal },
  quiet: boolean,
  intervalMs?: number,
): ProgressBar;
/** The same, for other counts drawn by `line` (`warden trail`'s files and records). */
function progressBar<T>(
  io: { stderr(text: string): void; readonly terminal?: Terminal },
  quiet: boolean,
  intervalMs: number,
  line: (counts: T, columns: number) => string,
): ProgressBar<T>;
function progressBar<T>(
  io: { stderr(text: string): void; readonly terminal?: Terminal },
  quiet: boolean,
  intervalMs = 100,
  line: (counts: T, columns: number) => string = progressLine as unknown as (counts: T, columns: number) => string,
): ProgressBar<T> {
  const terminal = io.terminal;
  if (quiet || terminal === undefined || !terminal.progress) return SILENT;
  let last = 0;
  let drawn = false;
  let pending: T | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    timer = undefined;
    if (pending === undefined) return;
    last = Date.now();
    drawn = true;
    io.stderr(`\r\u001b[2K${line(pending, terminal.columns)}`);
    pending = undefined;
  };
  return {
    update: (counts) => {
      pending = counts;
      if (timer !== undefined) return;
      const wait = intervalMs - (Date.now() - last);
      if (wait <= 0) draw();
      else timer = setTimeout(draw, wait);
    },
    done: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (drawn) io.stderr('\r\u001b[2K');
    },
  };
}

export type { ProgressBar, ProgressCounts };
export { progressBar, progressLine, SweepProgress };
