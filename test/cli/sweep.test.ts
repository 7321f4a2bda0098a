/** `warden sweep` as a user runs it: flags, the `--json` contract (DESIGN §4.5), files written, errors. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const DOCUMENTED_KEYS = [
  'execution',
  'resourcesEvaluated',
  'counts',
  'accounts',
  'findings',
  'notifications',
  'exemptionProblems',
  'exemptions',
  'drift',
  'ledgerFailures',
  'blastRadius',
];
const FINDING_KEYS = [
  'findingId',
  'ruleId',
  'accountId',
  'region',
  'resourceType',
  'resourceId',
  'arn',
  'status',
  'decision',
  'exemptionId',
  'message',
  'remediation',
];

/** A Config snapshot tree as Config delivers it to S3, one account, one gzipped file. */
function snapshotTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'warden-snap-'));
  const dir = join(root, 'AWSLogs/555555555555/Config/us-west-2/2026/11/21/ConfigSnapshot');
  mkdirSync(dir, { recursive: true });
  const ci = (name: string, sse?: string) => ({
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-21T06:00:00.000Z',
    configurationItemStatus: 'OK',
    awsAccountId: '555555555555',
    awsRegion: 'us-west-2',
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    ARN: `arn:aws:s3:::${name}`,
    configuration: { name },
    supplementaryConfiguration:
      sse === undefined
        ? {}
        : {
            ServerSideEncryptionConfiguration: JSON.stringify({
              rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: sse } }],
            }),
          },
    tags: {},
    relationships: [],
  });
  const file = {
    fileVersion: '1.0',
    configSnapshotId: 'c0ffee',
    configurationItems: [ci('team-raw'), ci('team-safe', 'AES256')],
  };
  writeFileSync(
    join(dir, '555555555555_Config_us-west-2_ConfigSnapshot_20261121T060000Z_x.json.gz'),
    gzipSync(JSON.stringify(file)),
  );
  writeFileSync(
    join(root, 'accounts.json'),
    JSON.stringify([
      { accountId: '555555555555', alias: 'team-west', regions: ['us-west-2'] },
      { accountId: '666666666666', alias: 'no-data', regions: ['us-west-2'] },
    ]),
  );
  writeFileSync(join(root, 'exemptions.json'), JSON.stringify([]));
  return root;
}

beforeAll(() => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
});

describe('warden sweep', () => {
  it('--json prints exactly the documented document for the bundled estate', async () => {
    const { code, stdout, stderr } = await cli('sweep', '--json');
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(DOCUMENTED_KEYS);
    expect(report.execution).toEqual({
      name: expect.stringMatching(/^sweep-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/),
      status: 'SUCCEEDED',
      stateTransitions: expect.any(Number),
      retries: {},
      error: null,
      cause: null,
    });
    expect(report.ledgerFailures).toEqual([]);
    // The sample estate is within every default blast-radius cap.
    expect(report.blastRadius).toEqual({ heldBack: [], notice: null });
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(FINDING_KEYS));
      expect(['NON_COMPLIANT', 'ERROR']).toContain(f.status);
    }
    const planned = report.findings.filter((f: { decision: string }) => f.decision === 'REMEDIATE');
    expect(planned.length).toBeGreaterThan(0);
    for (const f of planned) {
      expect(f.remediation.outcome).toBe('PLANNED');
      expect(f.remediation.apiCalls[0]).toEqual({
        service: expect.any(String),
        operation: expect.any(String),
        input: expect.any(Object),
      });
    }
    expect(report.accounts.find((a: { alias: string }) => a.alias === 'legacy-archive').status).toBe('UNREACHABLE');
  });

  it('sweeps a Config snapshot tree with accounts and exemptions files', async () => {
    const root = snapshotTree();
    const { code, stdout } = await cli(
      'sweep',
      '--snapshot',
      root,
      '--accounts',
      join(root, 'accounts.json'),
      '--exemptions',
      join(root, 'exemptions.json'),
      '--rules',
      's3-bucket-encryption',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.accounts).toEqual([
      { accountId: '555555555555', alias: 'team-west', status: 'OK', error: null },
      {
        accountId: '666666666666',
        alias: 'no-data',
        status: 'UNREACHABLE',
        error: expect.stringContaining('no configuration items'),
      },
    ]);
    expect(report.counts['s3-bucket-encryption']).toEqual({
      COMPLIANT: 1,
      NON_COMPLIANT: 1,
      NOT_APPLICABLE: 0,
      ERROR: 0,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        resourceId: 'team-raw',
        decision: 'REMEDIATE',
        exemptionId: null,
        remediation: expect.objectContaining({
          outcome: 'PLANNED',
          apiCalls: [expect.objectContaining({ service: 's3', operation: 'PutBucketEncryption' })],
        }),
      }),
    ]);
  });

  it('--mode audit decides NONE and plans nothing; --rules narrows the rules', async () => {
    const root = snapshotTree();
    const { stdout } = await cli(
      'sweep',
      '--snapshot',
      root,
      '--mode',
      'audit',
      '--rules',
      's3-bucket-encryption',
      '--json',
    );
    const report = JSON.parse(stdout);
    expect(Object.keys(report.counts)).toEqual(['s3-bucket-encryption']);
    expect(report.findings.map((f: { decision: string; remediation: unknown }) => [f.decision, f.remediation])).toEqual(
      [['NONE', null]],
    );
  });

  it('--report DIR writes the JSON and Markdown reports, and the summary says where', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'warden-report-')), 'out');
    const { code, stdout } = await cli('sweep', '--report', dir);
    expect(code).toBe(0);
    expect(stdout).toContain('Rules');
    expect(stdout).toContain(`Report written to ${join(dir, 'report.json')}`);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf-8')).findings.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'report.md'), 'utf-8')).toMatch(/^# Warden sweep /);
  });

  it.each([
    [['sweep', '--bogus'], /^warden: unknown option '--bogus' \(see "warden sweep --help"\)$/m],
    [
      ['sweep', '--mode', 'destroy'],
      /--mode <mode>' argument 'destroy' is invalid\. Allowed choices are audit, notify, remediate/,
    ],
    [['sweep', '--snapshot', '/nonexistent/dir'], /SnapshotReadError: \/nonexistent\/dir/],
    [['sweep', '--rules', 'no-such-rule'], /rule "no-such-rule" is not an enabled rule/],
    [['frobnicate'], /unknown command 'frobnicate' \(see "warden --help"\)/],
  ])('%j fails with one line on stderr and exit code 2', async (argv, message) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects an accounts file that is not what it should be', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'warden-acc-')), 'accounts.json');
    writeFileSync(file, JSON.stringify([{ accountId: '12345', alias: 'short' }]));
    const { code, stderr } = await cli('sweep', '--accounts', file);
    expect(code).toBe(2);
    expect(stderr).toContain('[0.accountId] must be 12 digits');
  });

  it('runs as `npx warden` does, through bin.mjs', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['cli/bin.mjs', 'sweep', '--json'], {
      cwd: process.cwd(),
      env: { ...process.env, WARDEN_HOME: mkdtempSync(join(tmpdir(), 'warden-home-')) },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(JSON.parse(stdout).execution.status).toBe('SUCCEEDED');
  });
});
