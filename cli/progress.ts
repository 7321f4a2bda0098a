/**
 * Progress of a sweep, local or deployed, from its state events: accounts done (of how many),
 * resources evaluated and findings so far. The counting is pure (`SweepProgress`); `progressBar`
 * draws it on a terminal's stderr, and is silent when there is no terminal or with `--json`.
 */
import type { StateEvent } from './history';
import type { Terminal } from './terminal';

interface ProgressCounts {
  readonly accountsDone: number;
  /** Unknown until the account Map starts (and for a Map that reads its items from S3). */
  readonly accountsTotal?: number;
  readonly resourcesEvaluated: number;
  readonly findings: number;
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
 * findings come from what `Evaluate rules` returns (`evaluation.resourcesEvaluated`, `evaluation.counts`).
 */
class SweepProgress {
  private readonly accountMap?: string;
  private readonly itemsPath: string;
  private readonly accountEnds: Set<string>;
  private counts: { -readonly [K in keyof ProgressCounts]: ProgressCounts[K] } = {
    accountsDone: 0,
    resourcesEvaluated: 0,
    findings: 0,
  };

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
  }

  public add(event: StateEvent): void {
    if (event.kind === 'entered') {
      this.counts.current = event.state;
      if (event.state === this.accountMap) {
        const items = atPath(parsed(event.input), this.itemsPath);
        if (Array.isArray(items)) this.counts.accountsTotal = items.length;
      }
    }
    if (event.kind !== 'exited') return;
    if (this.accountEnds.has(event.state)) this.counts.accountsDone += 1;
    const evaluation = (parsed(event.output) as Json | undefined)?.evaluation;
    if (isObject(evaluation) && typeof evaluation.resourcesEvaluated === 'number') {
      this.counts.resourcesEvaluated += evaluation.resourcesEvaluated;
      for (const c of Object.values(isObject(evaluation.counts) ? evaluation.counts : {})) {
        if (isObject(c)) this.counts.findings += Number(c.NON_COMPLIANT ?? 0) + Number(c.ERROR ?? 0);
      }
    }
  }

  public snapshot(): ProgressCounts {
    return { ...this.counts };
  }
}

/** One line: `[████████░░░░░░░░] 3/4 accounts · 87 resources · 27 findings · Check exemptions`. */
function progressLine(p: ProgressCounts, columns: number): string {
  const width = 20;
  const total = p.accountsTotal;
  const filled = total === undefined || total === 0 ? 0 : Math.round((width * Math.min(p.accountsDone, total)) / total);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
  const line = `${bar} ${p.accountsDone}/${total ?? '?'} accounts · ${p.resourcesEvaluated} resources · ${p.findings} findings${p.current ? ` · ${p.current}` : ''}`;
  // Never wrap: a wrapped line cannot be redrawn in place.
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

interface ProgressBar {
  update(counts: ProgressCounts): void;
  /** Clears the line, so what is printed next starts clean. */
  done(): void;
}

const SILENT: ProgressBar = { update: () => undefined, done: () => undefined };

/**
 * A redrawn line on stderr at most every `intervalMs` (the latest counts are drawn when the interval
 * ends, so a burst of events still shows where it got to); silent without a terminal or when `quiet`.
 */
function progressBar(
  io: { stderr(text: string): void; readonly terminal?: Terminal },
  quiet: boolean,
  intervalMs = 100,
): ProgressBar {
  const terminal = io.terminal;
  if (quiet || terminal === undefined || !terminal.progress) return SILENT;
  let last = 0;
  let drawn = false;
  let pending: ProgressCounts | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    timer = undefined;
    if (pending === undefined) return;
    last = Date.now();
    drawn = true;
    io.stderr(`\r\u001b[2K${progressLine(pending, terminal.columns)}`);
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
