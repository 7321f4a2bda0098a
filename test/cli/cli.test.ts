/**
 * The `warden` command as a whole: help that lists every command with examples, `--json` on every
 * command, colours and a progress bar only on a terminal, one-line errors that say what to do, and
 * stack traces only with --debug.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorLine } from '../../cli/errors';
import type { CliIo } from '../../cli/io';
import { runCli } from '../../cli/main';
import { progressLine } from '../../cli/progress';
import { terminalOf } from '../../cli/terminal';

async function cli(argv: string[], terminal?: CliIo['terminal']) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    ...(terminal !== undefined ? { terminal } : {}),
  });
  return { code, stdout, stderr };
}

const ESC = '\u001b[';

beforeAll(() => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
});

describe('warden --help', () => {
  it('lists every command', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const term of [
      /^ {2}sweep \[--snapshot DIR \| --live \| --remote\]/m,
      /^ {2}exempt add\|list\|remove\|what-if/m,
      /^ {2}drift /m,
      /^ {2}event FILE/m,
      /^ {2}snapshot --live --out DIR/m,
      /^ {2}executions list\|show ARN/m,
    ])
      expect(stdout).toMatch(term);
    expect(stdout).toContain('Examples:');
  });

  it('without a command prints the usage and exits 2', async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^Usage: warden/);
  });

  it.each([
    ['sweep'],
    ['exempt', 'add'],
    ['exempt', 'list'],
    ['exempt', 'remove'],
    ['exempt', 'what-if'],
    ['drift'],
    ['event'],
    ['snapshot'],
    ['executions', 'list'],
    ['executions', 'show'],
  ])('warden %s --help has examples and --json', async (...command) => {
    const { code, stdout } = await cli([...command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: warden ${command.join(' ')} `));
    expect(stdout).toContain('--json');
    expect(stdout).toMatch(/Examples:\n {2}warden /);
    // A file of the repository an example names exists, so the example can be run as it is (issue 20 item 5).
    for (const [path] of stdout.matchAll(/\b(?:examples|test)\/[\w./-]+\.json\b/g)) {
      expect(existsSync(path), `${command.join(' ')} --help names ${path}`).toBe(true);
    }
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await cli(['--version']);
    expect([code, stdout]).toEqual([0, '0.1.0\n']);
  });
});

describe('errors', () => {
  it('are one line saying what to do, with the stack only under --debug', async () => {
    const plain = await cli(['sweep', '--snapshot', '/nonexistent/dir']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^warden: \/nonexistent\/dir: .* \(--debug for details\)\n$/);
    const debug = await cli(['sweep', '--snapshot', '/nonexistent/dir', '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr.split('\n')[0]).toMatch(/^warden: \/nonexistent\/dir: /);
    expect(debug.stderr).toMatch(/\n\s+at .*snapshot\.ts/);
  });

  it('from AWS say what to do about them', () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(errorLine(named('CredentialsProviderError', 'Could not load credentials from any providers'), false)).toBe(
      'Could not load credentials from any providers — no AWS credentials: pass --profile NAME, set AWS_PROFILE, or run "aws sso login"',
    );
    expect(
      errorLine(named('ExpiredTokenException', 'The security token included in the request is expired'), false),
    ).toMatch(/refresh it/);
    expect(errorLine(named('AccessDeniedException', 'User is not authorized'), false)).toMatch(
      /not allowed to do this/,
    );
  });
});

describe('the terminal', () => {
  it('colours only on a terminal, and never with NO_COLOR', () => {
    const tty = { isTTY: true, columns: 100 };
    expect(terminalOf(tty, tty, {})).toEqual({ color: true, progress: true, columns: 100 });
    expect(terminalOf(tty, tty, { NO_COLOR: '1' }).color).toBe(false);
    expect(terminalOf(tty, tty, { NO_COLOR: '' }).color).toBe(true);
    expect(terminalOf({}, {}, {})).toEqual({ color: false, progress: false, columns: 80 });
    expect(terminalOf({}, tty, {}).progress).toBe(true);
  });

  it('a sweep on a terminal is coloured and shows progress; piped or with --json it is plain and silent', async () => {
    const terminal = { color: true, progress: true, columns: 120 };
    const coloured = await cli(['sweep'], terminal);
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain(`${ESC}32mSUCCEEDED${ESC}39m`);
    const [first] = coloured.stderr.split('\r\u001b[2K').filter((l) => l !== '');
    expect(coloured.stderr.startsWith('\r\u001b[2K')).toBe(true);
    expect(first).toMatch(/^\[[█░]{20}\] \d+\/(\d+|\?) accounts · \d+ resources · \d+ findings/);
    expect(coloured.stderr.endsWith('\r\u001b[2K')).toBe(true);

    const json = await cli(['sweep', '--json'], terminal);
    expect(json.stderr).toBe('');
    expect(() => JSON.parse(json.stdout)).not.toThrow();

    const piped = await cli(['sweep']);
    expect(piped.stdout).not.toContain(ESC);
    expect(piped.stderr).toBe('');
  });

  it('the progress line fills with the accounts done and never wraps', () => {
    const line = progressLine(
      { accountsDone: 3, accountsTotal: 4, resourcesEvaluated: 87, findings: 27, current: 'Decide' },
      200,
    );
    expect(line).toBe('[███████████████░░░░░] 3/4 accounts · 87 resources · 27 findings · Decide');
    expect(progressLine({ accountsDone: 0, resourcesEvaluated: 0, findings: 0 }, 30)).toHaveLength(29);
  });
});
