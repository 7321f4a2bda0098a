/**
 * `warden trail FILE|DIR` as a user runs it (issue 19, item 3): a generated day of CloudTrail logs
 * (gzipped, many files, the organisation-trail layout, digest files beside them; bench/generate-trail.ts)
 * gives exactly the expected notifications and planned remediations, with every record counted;
 * a corrupt `.json.gz` is named and the rest goes on; `--since`/`--until` narrow the records; the
 * watch list adds its calls to the patterns; a rejected record exits 1 as `warden event` does.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTrailDay, type TrailDay } from '../../bench/generate-trail';
import { type TrailFlags, trailCommand } from '../../cli/commands/trail';
import { CliError } from '../../cli/errors';
import { runCli } from '../../cli/main';
import { eventTestWorkflows } from '../support/event-app';

const NOW = () => new Date('2026-11-21T23:30:00Z');

async function warden(paths: string[], flags: TrailFlags = {}) {
  let stdout = '';
  let stderr = '';
  const code = await trailCommand(
    paths,
    flags,
    { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) },
    { workflows: eventTestWorkflows().workflows, now: NOW },
  );
  return { code, stdout, stderr };
}

async function wardenJson(paths: string[], flags: TrailFlags = {}) {
  const { code, stdout, stderr } = await warden(paths, { ...flags, json: true });
  return { code, stderr, report: JSON.parse(stdout) };
}

/** What each notification is about: rule, account, and the resource or sign-in its subject names. */
function notified(report: { notifications: { ruleId: string; accountId: string; subject: string }[] }) {
  return report.notifications
    .map((n) => [n.ruleId, n.accountId, n.subject.replace(/^\[\w+\] [\w-]+: /, '')])
    .sort((a, b) => a.join().localeCompare(b.join()));
}

/** The six interesting records of the generated day, as the deployed event path (ceiling remediate) handles them. */
const EXPECTED = [
  ['console-login-failure', '111111111111', 'payments-prod/us-east-1 failed sign-in of root from 192.0.2.0'],
  ['console-login-failure', '222222222222', 'data-platform/us-east-1 failed sign-in of anaya from 192.0.2.0'],
  ['ec2-security-group-open-ingress', '111111111111', 'payments-prod/eu-west-1 security group sg-08505998e32e37b45'],
  ['root-sign-in', '111111111111', 'payments-prod/us-east-1 root sign-in (Failure) from 192.0.2.0'],
  ['s3-bucket-no-public-read', '333333333333', 'sandbox/us-east-1 bucket sandbox-public-site'],
  ['s3-bucket-public-access-block', '333333333333', 'sandbox/us-east-1 bucket sandbox-public-site'],
  ['s3-bucket-ssl-only', '333333333333', 'sandbox/us-east-1 bucket sandbox-public-site'],
  ['vpc-created', '222222222222', 'data-platform/us-east-1 VPC vpc-1 (0.0.0.0/26) created by tester'],
];

let dayDir: string;
let day: TrailDay;

beforeAll(() => {
  dayDir = mkdtempSync(join(tmpdir(), 'warden-trail-'));
  day = generateTrailDay({ dir: dayDir, records: 2400 });
});

describe('warden trail on a generated day', () => {
  it('reports exactly the expected notifications and remediations, and counts every record', async () => {
    const { code, report } = await wardenJson([dayDir]);
    expect(code).toBe(0);
    expect(notified(report)).toEqual(EXPECTED);
    expect(report.files).toEqual({
      logFiles: 24,
      read: 24,
      unreadable: 0,
      digestFilesSkipped: 6,
      otherFilesSkipped: 0,
    });
    expect(report.records).toEqual({
      read: 2400,
      outsideWindow: 0,
      ignored: 2394,
      matched: 6,
      processed: 5,
      ignoredByWorkflow: 1,
      rejected: 0,
      failed: 0,
    });
    expect(report.executions.count).toBe(6);
    // Public access on the bucket is remediated (planned, not sent): all four block settings on.
    expect(
      report.remediations.map((r: Record<string, unknown>) => [r.ruleId, r.accountId, r.resourceId, r.outcome]),
    ).toEqual([['s3-bucket-public-access-block', '333333333333', 'sandbox-public-site', 'PLANNED']]);
    expect(report.remediations[0].apiCalls.map((c: { operation: string }) => c.operation)).toEqual([
      'PutPublicAccessBlock',
    ]);
    // Per rule and account, as the text digest shows it.
    const pab = report.digest.find((e: { ruleId: string }) => e.ruleId === 's3-bucket-public-access-block');
    expect(pab).toMatchObject({
      accountId: '333333333333',
      alias: 'sandbox',
      remediations: [
        { resourceId: 'sandbox-public-site', outcome: 'PLANNED', operations: ['s3:PutPublicAccessBlock'] },
      ],
    });
    // Which trigger rules matched: the deployed rules' own names and patterns.
    expect(report.patterns).toMatchObject({ S3ApiCalls: 1, Ec2ApiCalls: 3, ConsoleSignIns: 2, WatchedApiCalls: 0 });
  }, 120_000);

  it('prints the digest per rule and account, with the counts', async () => {
    const { code, stdout } = await warden([dayDir]);
    expect(code).toBe(0);
    expect(stdout).toContain('Warden trail: 24 log files read (6 digest files skipped) · 2,400 records');
    expect(stdout).toContain(
      '2,394 matched no trigger rule (ignored) · 6 matched → 5 processed, 1 ignored by the event path',
    );
    expect(stdout).toContain(
      's3-bucket-public-access-block  sandbox (333333333333): 1 notification, 1 remediation planned',
    );
    expect(stdout).toContain('PLANNED s3:PutPublicAccessBlock on sandbox-public-site');
    expect(stdout).toContain('Notifications that would have gone out: 8 (local outbox) · remediations planned: 1');
  }, 120_000);

  it('names a corrupt .json.gz, goes on with the rest, and exits 1; Config files beside them are skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-trail-corrupt-'));
    const copy = generateTrailDay({ dir, records: 240 });
    const corrupt = join(
      dir,
      'AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail/us-east-1/2026/11/21/111111111111_CloudTrail_us-east-1_20261121T2355Z_corrupt.json.gz',
    );
    writeFileSync(corrupt, '{"Records": []}'); // named .gz, not gzip
    // A Config snapshot beside the trail's files in the same bucket: another file, skipped and counted.
    const config = join(dir, 'AWSLogs/o-a1b2c3d4e5/111111111111/Config/us-east-1/2026/11/21/ConfigSnapshot');
    mkdirSync(config, { recursive: true });
    writeFileSync(
      join(config, '111111111111_Config_us-east-1_ConfigSnapshot_x.json.gz'),
      gzipSync('{"configurationItems": []}'),
    );
    const { code, report, stderr } = await wardenJson([dir]);
    expect(code).toBe(1);
    expect(report.unreadableFiles).toEqual([
      { file: corrupt, error: expect.stringContaining(`${corrupt}: not gzip data`) },
    ]);
    expect(stderr).toContain(`warden: skipped ${corrupt}: not gzip data`);
    expect(report.files).toMatchObject({
      logFiles: copy.files.length + 1,
      read: copy.files.length,
      unreadable: 1,
      otherFilesSkipped: 1,
    });
    expect(report.records.read).toBe(240);
    expect(notified(report)).toEqual(EXPECTED);
  }, 120_000);

  it('--since/--until: only the records inside the window run; the others are counted', async () => {
    // Files cover six hours each: the first file of each account-region holds the first quarter of the day.
    const { report } = await wardenJson([dayDir], { since: '2026-11-21T00:00:00Z', until: '2026-11-21T06:00:00Z' });
    expect(report.window).toEqual({ since: '2026-11-21T00:00:00.000Z', until: '2026-11-21T06:00:00.000Z' });
    const inWindow = day.interesting.filter((_, i) => i % 4 === 0).map((r) => r.what);
    expect(inWindow).toEqual(['PutBucketPolicy granting everyone read on sandbox-public-site', 'CreateVpc']);
    expect(report.records.matched).toBe(2);
    expect(report.records.outsideWindow).toBeGreaterThan(1500);
    expect(report.records.outsideWindow + report.records.ignored + report.records.matched).toBe(2400);
    expect(notified(report).map(([rule]) => rule)).toEqual([
      's3-bucket-no-public-read',
      's3-bucket-public-access-block',
      's3-bucket-ssl-only',
      'vpc-created',
    ]);
  }, 120_000);

  it('names every account by its alias from the accounts file, whichever route its records took', async () => {
    // 06:00–12:00 holds the security-group records only: no sign-in of the account names its alias.
    const { stdout } = await warden([dayDir], { since: '2026-11-21T06:00:00Z', until: '2026-11-21T12:00:00Z' });
    expect(stdout).toContain('ec2-security-group-open-ingress  payments-prod (111111111111): 1 notification');
  }, 120_000);

  it('reads the account-trail layout and plain .json log files too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-trail-account-'));
    const written = generateTrailDay({
      dir,
      records: 120,
      orgId: null,
      accounts: ['333333333333'],
      regions: ['us-east-1'],
    });
    expect(written.files[0]).toContain(`${dir}/AWSLogs/333333333333/CloudTrail/us-east-1/2026/11/21/`);
    // One file as plain JSON, the way a SIEM export or a hand copy holds it.
    const plain = join(dir, 'plain', basename(written.files[0] as string).replace(/\.gz$/, ''));
    mkdirSync(join(dir, 'plain'));
    writeFileSync(plain, gunzipSync(readFileSync(written.files[0] as string)));
    const { report } = await wardenJson([...written.files.slice(1), plain]);
    expect(report.files).toMatchObject({ logFiles: written.files.length, read: written.files.length });
    expect(report.records.read).toBe(120);
    // The interesting records of other accounts are placed in their own account: here only the sandbox's.
    expect(notified(report).map(([rule, account]) => `${rule} ${account}`)).toEqual([
      's3-bucket-no-public-read 333333333333',
      's3-bucket-public-access-block 333333333333',
      's3-bucket-ssl-only 333333333333',
    ]);
  }, 120_000);

  it('--watch-list adds the watched calls to the patterns, as the sync function does for the deployed rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-trail-watch-'));
    const small = generateTrailDay({
      dir,
      records: 40,
      interesting: 0,
      accounts: ['111111111111'],
      regions: ['us-east-1'],
    });
    const assumeRoles = small.files
      .flatMap(
        (f) => (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: { eventName: string }[] }).Records,
      )
      .filter((r) => r.eventName === 'AssumeRole').length;
    expect(assumeRoles).toBeGreaterThan(0);
    const watchList = join(dir, 'watch-list.json');
    writeFileSync(
      watchList,
      JSON.stringify([
        { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', severity: 'LOW', note: 'who assumes what' },
      ]),
    );
    const without = await wardenJson([dir]);
    expect(without.report.records.matched).toBe(0);
    const { report } = await wardenJson([dir], { watchList });
    expect(report.records.matched).toBe(assumeRoles);
    expect(report.patterns.WatchedApiCalls).toBe(assumeRoles);
    expect(new Set(report.notifications.map((n: { ruleId: string }) => n.ruleId))).toEqual(
      new Set(['watched-api-call']),
    );
  }, 120_000);

  it('lists a rejected record and exits 1, as warden event does; the other records still run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-trail-rejected-'));
    const src = JSON.parse(
      readFileSync(join(process.cwd(), '../shared/corpus/awsdocs/consolelogin-iam-user-failure.json'), 'utf-8'),
    ) as Record<string, unknown>;
    const good = { ...src, eventID: 'good-1', recipientAccountId: '222222222222' };
    // A record whose account id is not an account id: the event path refuses it, as `warden event` does.
    const broken = { ...src, eventID: 'broken-1', recipientAccountId: 'not-an-account' };
    const file = join(dir, '222222222222_CloudTrail_us-east-1_20261121T0000Z_x.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [good, broken] })));
    const { code, report, stderr } = await wardenJson([file]);
    expect(code).toBe(1);
    expect(report.records).toMatchObject({ read: 2, matched: 2, processed: 1, rejected: 1 });
    expect(report.rejected).toEqual([
      {
        file,
        eventId: 'broken-1',
        eventName: 'ConsoleLogin',
        accountId: 'not-an-account',
        outcome: 'REJECTED',
        reason: expect.stringContaining('is not 12 digits'),
      },
    ]);
    expect(stderr).toContain(`warden: a record was rejected (ConsoleLogin broken-1 in ${file})`);
    expect(notified(report).map(([rule, account]) => `${rule} ${account}`)).toEqual([
      'console-login-failure 222222222222',
    ]);
  }, 120_000);
});

describe('warden trail: input it cannot run', () => {
  it('a missing path, a folder without log files, and a bad --since are one-line errors (exit 2)', async () => {
    await expect(warden([join(tmpdir(), 'no-such-trail-dir')])).rejects.toThrow(CliError);
    const empty = mkdtempSync(join(tmpdir(), 'warden-trail-empty-'));
    copyFileSync(day.digests[0] as string, join(empty, basename(day.digests[0] as string)));
    await expect(warden([empty])).rejects.toThrow(/no CloudTrail log files .* \(1 digest and 0 other files\)/);
    await expect(warden([dayDir], { since: 'yesterday' })).rejects.toThrow('--since takes an ISO-8601 time');
    await expect(warden([dayDir], { since: '2026-11-22', until: '2026-11-21' })).rejects.toThrow(
      '--since must be before --until',
    );
    await expect(warden([])).rejects.toThrow('a FILE or DIR of CloudTrail log files is needed');
  });

  it('only unreadable files: exit 2, each named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-trail-bad-'));
    writeFileSync(join(dir, 'a.json'), '{"Records": ');
    writeFileSync(join(dir, 'b.json'), '{"configurationItems": []}');
    let stderr = '';
    await expect(
      trailCommand(
        [dir],
        {},
        { stdout: () => undefined, stderr: (s) => (stderr += s) },
        { workflows: eventTestWorkflows().workflows },
      ),
    ).rejects.toThrow('none of the 2 log files could be read');
    expect(stderr).toContain(`${join(dir, 'a.json')}: not valid JSON`);
    expect(stderr).toContain(`${join(dir, 'b.json')}: not a CloudTrail log file: it has no "Records" array`);
  });

  it('draws its progress line on a terminal, and clears it before the digest', async () => {
    let stderr = '';
    const code = await trailCommand(
      [day.files[0] as string],
      {},
      {
        stdout: () => undefined,
        stderr: (s) => (stderr += s),
        terminal: { color: false, progress: true, columns: 100 },
      },
      { workflows: eventTestWorkflows().workflows, now: NOW },
    );
    expect(code).toBe(0);
    const CLEAR = '\r\u001b[2K';
    expect(stderr).toContain(`${CLEAR}trail: 1/1 files · `);
    expect(stderr.split(CLEAR).at(-2)).toMatch(/^trail: 1\/1 files · [\d,]+ records · \d+ matched · \d+ executions?$/);
    expect(stderr.endsWith(CLEAR)).toBe(true);
  });

  it('is a command of warden, with --format json accepted and other formats refused', async () => {
    let out = '';
    let err = '';
    const io = { stdout: (s: string) => (out += s), stderr: (s: string) => (err += s) };
    expect(await runCli(['trail', '--help'], io)).toBe(0);
    expect(out).toContain('--since <time>');
    expect(await runCli(['trail', dayDir, '--format', 'csv'], io)).toBe(2);
    expect(err).toContain('--format');
  });
});
