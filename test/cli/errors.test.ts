/**
 * The CLI's errors as an operator meets them (issue 20 item 12): each one line saying what to do,
 * with the flags the command really has, checked before any work is done; no class names, no
 * "warden: warden …".
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLine } from '../../cli/errors';
import { runCli } from '../../cli/main';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function expectOneLine(result: { code: number; stdout: string; stderr: string }, message: RegExp | string) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
}

const saved = { ...process.env };

beforeAll(() => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
  // An AWS configuration with no profile and no region: nothing here reaches AWS.
  const aws = mkdtempSync(join(tmpdir(), 'warden-aws-'));
  writeFileSync(join(aws, 'config'), '');
  writeFileSync(join(aws, 'credentials'), '');
  process.env.AWS_CONFIG_FILE = join(aws, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(aws, 'credentials');
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete process.env[name];
});
afterAll(() => {
  process.env = saved;
});

describe('errors of the AWS commands', () => {
  it('snapshot --live without a region asks for --regions, which it has (not --region)', async () => {
    const result = await cli('snapshot', '--live', '--out', mkdtempSync(join(tmpdir(), 'warden-out-')));
    expectOneLine(result, 'no AWS region: pass --regions, or set AWS_REGION or the profile’s region');
    expect(result.stderr).not.toContain('--region,');
  });

  it('--profile that does not exist says so, before anything about the region', async () => {
    const result = await cli('sweep', '--live', '--profile', 'nope');
    expectOneLine(result, /^warden: AWS profile "nope" gives no credentials: .*nope/);
    expect(result.stderr).not.toMatch(/region/i);
    const remote = await cli('sweep', '--remote', '--profile', 'nope');
    expectOneLine(remote, /^warden: AWS profile "nope" gives no credentials: /);
  });

  it('--remote without a region asks for --region before calling AWS', async () => {
    expectOneLine(await cli('sweep', '--remote'), 'warden: no AWS region: pass --region, or set AWS_REGION');
  });
});

describe('the report folder is checked before the sweep', () => {
  it('--report under /proc fails at once with one line (Node’s recursive mkdir spun there forever)', async () => {
    expectOneLine(
      await cli('sweep', '--report', '/proc/x'),
      /^warden: --report \/proc\/x: cannot make the folder \/proc\/x/,
    );
  });

  it('--report naming a file fails before sweeping, not with a raw EEXIST after it', async () => {
    const result = await cli('sweep', '--report', 'README.md');
    expectOneLine(result, 'warden: --report README.md: it is a file, not a folder');
    expect(result.stderr).not.toContain('EEXIST');
  });

  it('a missing report folder is made, with the folders above it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'warden-report-')), 'a/b');
    const { code, stdout } = await cli('sweep', '--rules', 's3-bucket-encryption', '--report', dir);
    expect(code).toBe(0);
    expect(stdout).toContain(`Report written to ${join(dir, 'report.json')}`);
  });
});

describe('messages', () => {
  it('carry no class-name prefix', async () => {
    expectOneLine(await cli('sweep', '--snapshot', '/nonexistent/dir'), /^warden: \/nonexistent\/dir: /);
    const invalid = Object.assign(new Error('event file is not an EventBridge event'), { name: 'InvalidInputError' });
    expect(errorLine(invalid, true)).toBe('event file is not an EventBridge event');
    const aws = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} });
    expect(errorLine(aws, true)).toBe('Rate exceeded (AWS ThrottlingException)');
  });

  it.each([
    [['event'], 'warden: an event FILE is needed (one EventBridge event as JSON) (see "warden event --help")'],
    [['exempt'], 'warden: exempt needs add, list, remove or what-if (see "warden exempt --help")'],
    [['executions', 'bogus'], 'warden: executions needs list or show, not "bogus"'],
    [['snapshot'], 'warden: snapshot reads live accounts'],
  ])('%j does not say "warden: warden …"', async (argv, message) => {
    const result = await cli(...argv);
    expectOneLine(result, message);
    expect(result.stderr).not.toMatch(/warden: warden /);
  });
});

describe('warden exempt', () => {
  const add = (id: string, expires: string) =>
    cli(
      'exempt',
      'add',
      '--id',
      id,
      '--rule',
      's3-bucket-encryption',
      '--account',
      '222222222222',
      '--resource',
      'arn:aws:s3:::legacy-logs-*',
      '--effect',
      'SUPPRESS',
      '--reason',
      'archive, deleted in 2027',
      '--requested-by',
      'data@example.com',
      '--approved-by',
      'security@example.com',
      '--expires',
      expires,
      '--json',
    );

  it('add --expires takes a date: the end of that day, UTC', async () => {
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const { code, stdout } = await add('ex-date', day);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).expiresAt).toBe(`${day}T23:59:59Z`);
  });

  it('list prints a header, and each item’s approver and reason', async () => {
    const { code, stdout } = await cli('exempt', 'list');
    expect(code).toBe(0);
    const [header, row] = stdout.split('\n');
    expect(header).toMatch(/^STATE +ID +EFFECT +RULE +ACCOUNT\/REGION +RESOURCE +EXPIRES +APPROVED BY +REASON$/);
    expect(row).toMatch(
      /^active +ex-date +SUPPRESS +s3-bucket-encryption +222222222222\/\* .* security@example\.com +archive, deleted in 2027$/,
    );
  });
});
