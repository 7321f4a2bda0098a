/**
 * What the CLI may do to the terminal: colours only when stdout is a terminal and NO_COLOR is not
 * set (https://no-color.org: present and not empty), a progress line only when stderr is a terminal.
 * Tests and pipes pass no terminal at all, so they get plain text and no progress.
 */

interface Terminal {
  /** Colour the output on stdout (and the error line on stderr). */
  readonly color: boolean;
  /** Draw progress on stderr (a terminal that can redraw a line). */
  readonly progress: boolean;
  readonly columns: number;
}

interface Stream {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

function terminalOf(stdout: Stream, stderr: Stream, env: Readonly<Record<string, string | undefined>>): Terminal {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    color: stdout.isTTY === true && !noColor && env.TERM !== 'dumb',
    progress: stderr.isTTY === true && env.TERM !== 'dumb',
    columns: stderr.columns ?? stdout.columns ?? 80,
  };
}

type Paint = (text: string) => string;

interface Style {
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly cyan: Paint;
  /** SUCCEEDED green, FAILED/UNREACHABLE/… red, RUNNING/… yellow. */
  status(value: string): string;
}

const SGR = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

function styleFor(color: boolean): Style {
  const paint =
    (name: keyof typeof SGR): Paint =>
    (text) =>
      color ? `\u001b[${SGR[name][0]}m${text}\u001b[${SGR[name][1]}m` : text;
  const s = {
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
  };
  return {
    ...s,
    // Tested trimmed: tables pad the value before painting it.
    status: (value) =>
      /^(SUCCEEDED|OK|COMPLIANT|PLANNED)$/.test(value.trim())
        ? s.green(value)
        : /^(FAILED|UNREACHABLE|TIMED_OUT|ABORTED|ERROR|NON_COMPLIANT|REMEDIATE)$/.test(value.trim())
          ? s.red(value)
          : /^(RUNNING|PENDING_REDRIVE|NOTIFY)$/.test(value.trim())
            ? s.yellow(value)
            : value,
  };
}

export type { Style, Terminal };
export { styleFor, terminalOf };
