/**
 * Bad input at the command line (issue 10 item 7): every case is one line on stderr naming what is
 * wrong, a non-zero exit, and no stack trace — a corrupted `.json.gz` in the snapshot first of all.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';

const ESTATE = join(process.cwd(), 'examples/estate');

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function expectOneLineError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.code).not.toBe(0);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
}

let root: string;
beforeAll(() => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
  root = mkdtempSync(join(tmpdir(), 'warden-bad-'));
});

describe('warden sweep with bad input', () => {
  it('a snapshot with one corrupted .json.gz: exit non-zero, one line naming that file', async () => {
    const snapshot = join(root, 'snapshot');
    cpSync(join(ESTATE, 'snapshot'), snapshot, { recursive: true });
    const gz = filesUnder(snapshot).find((f) => f.endsWith('.json.gz'));
    if (gz === undefined) throw new Error('the sample estate has no .json.gz');
    const bytes = readFileSync(gz);
    writeFileSync(gz, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await cli('sweep', '--snapshot', snapshot, '--json');
    expectOneLineError(result, new RegExp(`${gz.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*not valid gzip`));
  });

  it('a configuration item that is not one does not stop the sweep: exit 0, the item reported with its file', async () => {
    const dir = join(root, 'bad-item');
    cpSync(join(ESTATE, 'snapshot'), dir, { recursive: true });
    const file = join(dir, 'extra.json');
    writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configurationItems: [{ resourceType: 42 }] }));
    const result = await cli('sweep', '--snapshot', dir, '--json');
    expect([result.code, result.stderr]).toEqual([0, '']);
    const report = JSON.parse(result.stdout);
    expect(report.rejectedItems).toEqual([
      expect.objectContaining({ file, index: 0, accountId: 'unknown', region: 'unknown' }),
    ]);
    expect(report.notSwept).toEqual([expect.objectContaining({ accountId: 'unknown', configurationItems: 1 })]);
    expect(report.resourcesEvaluated).toBeGreaterThan(0);
  });

  it.each([
    [['--snapshot', '/nonexistent/warden-snapshot'], /\/nonexistent\/warden-snapshot/],
    [['--mode', 'fix-everything'], /mode/],
    [['--rules', 'no-such-rule'], /no-such-rule/],
    [['--no-such-flag'], /no-such-flag/],
  ])('sweep %j: one line saying what is wrong', async (flags, pattern) => {
    expectOneLineError(await cli('sweep', ...flags), pattern);
  });

  it('an accounts file that is not JSON, and an exemptions file that is not an array', async () => {
    const accounts = join(root, 'accounts.json');
    writeFileSync(accounts, '[{"accountId": "111111111111",');
    expectOneLineError(await cli('sweep', '--accounts', accounts), /accounts\.json/);
    const exemptions = join(root, 'exemptions.json');
    writeFileSync(exemptions, '{"exemptionId": "x"}');
    expectOneLineError(await cli('sweep', '--exemptions', exemptions), /exemptions\.json/);
  });
});

describe('other commands with bad input', () => {
  it.each([
    [['exempt', 'add', '--id', 'x'], /refused|required|missing/i],
    [['exempt', 'frobnicate'], /frobnicate/],
    [['drift', '--since', 'last tuesday'], /since/],
    [['drift', '--format', 'yaml'], /format/],
    [['event', '/nonexistent/event.json'], /\/nonexistent\/event\.json/],
    [['no-such-command'], /no-such-command/],
  ])('%j: one line, non-zero', async (argv, pattern) => {
    const result = await cli(...argv);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a reader that stops early', () => {
  it('`warden --help | head` ends quietly: no EPIPE stack trace, exit 0', async () => {
    const { spawn } = await import('node:child_process');
    const bin = new URL('../../cli/bin.mjs', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    // Like `head` that has read what it wanted: the pipe is closed before the command writes.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\(/);
    expect(code).toBe(0);
  }, 60_000);
});
