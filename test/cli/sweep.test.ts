/** `warden sweep` as a user runs it: flags, the `--json` contract (DESIGN §4.5), files written, errors. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import { readSnapshot } from '../../local/snapshot';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const DOCUMENTED_KEYS = [
  'execution',
  'mode',
  'dryRun',
  'resourcesEvaluated',
  'counts',
  'accounts',
  'findings',
  'notifications',
  'exemptionProblems',
  'exemptions',
  'drift',
  'ledgerFailures',
  'notSwept',
  'skippedFiles',
  'rejectedItems',
  'blastRadius',
  'sinceLastSweep',
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

/** A bucket's configuration item in the 1.3 flavour, unencrypted. */
function bucketCi(accountId: string, region: string, name: string) {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-21T06:00:00.000Z',
    configurationItemStatus: 'OK',
    awsAccountId: accountId,
    awsRegion: region,
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    ARN: `arn:aws:s3:::${name}`,
    configuration: { name },
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  };
}

/**
 * A Config delivery tree (`AWSLogs/<account>/Config/<region>/…/ConfigSnapshot/`): each account in
 * us-east-1 (3 buckets) and eu-west-1 (2 buckets, gzipped).
 */
function twoRegionTree(accountIds: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'warden-regions-'));
  for (const accountId of accountIds) {
    for (const [region, n] of [
      ['us-east-1', 3],
      ['eu-west-1', 2],
    ] as const) {
      const dir = join(root, `AWSLogs/${accountId}/Config/${region}/2026/11/21/ConfigSnapshot`);
      mkdirSync(dir, { recursive: true });
      const body = JSON.stringify({
        fileVersion: '1.0',
        configSnapshotId: `${accountId}-${region}`,
        configurationItems: Array.from({ length: n }, (_, i) =>
          bucketCi(accountId, region, `b-${accountId}-${region}-${i}`),
        ),
      });
      const name = `${accountId}_Config_${region}_ConfigSnapshot_20261121T060000Z_x.json`;
      if (region === 'eu-west-1') writeFileSync(join(dir, `${name}.gz`), gzipSync(body));
      else writeFileSync(join(dir, name), body);
    }
  }
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
    [['sweep', '--snapshot', '/nonexistent/dir'], /^warden: \/nonexistent\/dir: /],
    [['sweep', '--rules', 'no-such-rule'], /rule "no-such-rule" is not an enabled rule/],
    [
      ['sweep', '--rules', ''],
      /--rules needs at least one rule id, comma-separated \(got ""\) \(see "warden sweep --help"\)/,
    ],
    [['sweep', '--rules', ' , '], /--rules needs at least one rule id/],
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

  it('--accounts without regions sweeps every region the snapshot holds; whatever is not swept is counted', async () => {
    const root = twoRegionTree(['777777777777', '888888888888', '999999999999']);
    const elsewhere = mkdtempSync(join(tmpdir(), 'warden-regions-out-'));
    const accounts = join(elsewhere, 'accounts.json');
    // 777… without regions (both swept), 888… in us-east-1 only, 999… not listed at all.
    writeFileSync(
      accounts,
      JSON.stringify([
        { accountId: '777777777777', alias: 'no-regions' },
        { accountId: '888888888888', alias: 'us-only', regions: ['us-east-1'] },
      ]),
    );
    const reportDir = join(elsewhere, 'report');
    const args = ['sweep', '--snapshot', root, '--accounts', accounts, '--rules', 's3-bucket-encryption'];
    const { code, stdout, stderr } = await cli(...args, '--json', '--report', reportDir);
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    // 777… in both regions (3 + 2), 888… in us-east-1 (3).
    expect(report.resourcesEvaluated).toBe(8);
    const swept = report.findings.map((f: { accountId: string; region: string }) => `${f.accountId}/${f.region}`);
    expect(swept.filter((k: string) => k === '777777777777/eu-west-1')).toHaveLength(2);
    expect(swept.filter((k: string) => k === '777777777777/us-east-1')).toHaveLength(3);
    expect(swept.filter((k: string) => k.startsWith('888888888888/'))).toEqual(Array(3).fill('888888888888/us-east-1'));
    expect(report.notSwept).toEqual([
      {
        accountId: '888888888888',
        region: 'eu-west-1',
        configurationItems: 2,
        reason: "region not in the account's regions (us-east-1)",
      },
      {
        accountId: '999999999999',
        region: 'eu-west-1',
        configurationItems: 2,
        reason: 'account not in the accounts list',
      },
      {
        accountId: '999999999999',
        region: 'us-east-1',
        configurationItems: 3,
        reason: 'account not in the accounts list',
      },
    ]);
    expect([report.skippedFiles, report.rejectedItems]).toEqual([[], []]);
    // Every item of the input is either evaluated or counted.
    const counted = report.notSwept.reduce(
      (n: number, e: { configurationItems: number }) => n + e.configurationItems,
      0,
    );
    expect(report.resourcesEvaluated + counted).toBe(15);

    const markdown = readFileSync(join(reportDir, 'report.md'), 'utf-8');
    expect(markdown).toContain('## Not swept (7 configuration items)');
    expect(markdown).toContain("| 888888888888 | eu-west-1 | 2 | region not in the account's regions (us-east-1) |");
    const html = readFileSync(join(reportDir, 'index.html'), 'utf-8');
    expect(html).toContain('id="notswept"');
    expect(html).toContain('account not in the accounts list');

    const text = await cli(...args);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Not swept: 7 configuration items of the snapshot');
    expect(text.stdout).toMatch(/888888888888\/eu-west-1 +2 {2}region not in the account's regions \(us-east-1\)/);
  });

  it('a file it does not recognise and a malformed item are reported; the rest is swept and the exit code is 0', async () => {
    const root = twoRegionTree(['777777777777']);
    const dir = join(root, 'AWSLogs/777777777777/Config/us-west-2/2026/11/21/ConfigSnapshot');
    mkdirSync(dir, { recursive: true });
    const numbered = join(dir, 'numbered-version.json');
    writeFileSync(
      numbered,
      JSON.stringify({ fileVersion: 1, configurationItems: [bucketCi('777777777777', 'us-west-2', 'numbered')] }),
    );
    const mixed = join(dir, 'mixed.json.gz');
    writeFileSync(
      mixed,
      gzipSync(
        JSON.stringify({
          fileVersion: '1.0',
          configurationItems: [bucketCi('777777777777', 'us-west-2', 'good'), { resourceType: 42 }],
        }),
      ),
    );
    const { code, stdout, stderr } = await cli(
      'sweep',
      '--snapshot',
      root,
      '--rules',
      's3-bucket-encryption',
      '--json',
    );
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    expect(report.resourcesEvaluated).toBe(6);
    expect(report.findings.map((f: { resourceId: string }) => f.resourceId)).toContain('good');
    expect(report.skippedFiles).toEqual([
      {
        file: numbered,
        reason: 'not an AWS Config snapshot or history file (fileVersion is a number, not a string)',
      },
    ]);
    expect(report.rejectedItems).toEqual([
      {
        file: mixed,
        index: 1,
        accountId: '777777777777',
        region: 'us-west-2',
        error: expect.stringContaining('resourceType'),
      },
    ]);
    expect(report.notSwept).toEqual([
      {
        accountId: '777777777777',
        region: 'us-west-2',
        configurationItems: 1,
        reason: 'not a valid configuration item (see rejectedItems)',
      },
    ]);

    const text = await cli('sweep', '--snapshot', root, '--rules', 's3-bucket-encryption');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 files not read; 1 items rejected');
    expect(text.stdout).toContain(`${numbered}: not an AWS Config snapshot or history file (fileVersion is a number`);
    expect(text.stdout).toContain(`${mixed} configurationItems[1] (777777777777/us-west-2)`);
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

describe('a --snapshot folder with nothing to sweep (issue 20, item 1)', () => {
  it('an empty folder exits 2 with one line, instead of a green run of nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'warden-empty-'));
    const { code, stdout, stderr } = await cli('sweep', '--snapshot', empty);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`no AWS Config configuration item found under ${empty}: 0 snapshot files read`);
  });

  it('a folder of files that are not Config snapshots exits 2, saying how many were not read and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-events-'));
    for (const name of ['create-vpc.json', 'console-login-failure.json']) {
      writeFileSync(join(dir, name), readFileSync(join('test/fixtures/events', name)));
    }
    const { code, stderr } = await cli('sweep', '--snapshot', dir, '--json');
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /0 snapshot files read; 2 files not read \(.*\.json: not an AWS Config snapshot or history file/,
    );
  });

  it('an account listed with a region the snapshot has no data for says so, in the summary and the JSON', async () => {
    const root = snapshotTree();
    const accounts = join(root, 'accounts-two-regions.json');
    writeFileSync(
      accounts,
      JSON.stringify([{ accountId: '555555555555', alias: 'team-west', regions: ['us-west-2', 'eu-north-1'] }]),
    );
    const text = await cli('sweep', '--snapshot', root, '--accounts', accounts);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/555555555555 {2}team-west +OK +no data in the snapshot for eu-north-1\n/);
    const json = await cli('sweep', '--snapshot', root, '--accounts', accounts, '--json');
    expect(JSON.parse(json.stdout).accounts).toEqual([
      { accountId: '555555555555', alias: 'team-west', status: 'OK', error: null, regionsWithoutData: ['eu-north-1'] },
    ]);
  });
});

describe('--snapshot pointed at an estate folder (issue 20, item 4)', () => {
  const decisions = (stdout: string) => {
    const report = JSON.parse(stdout);
    return {
      accounts: report.accounts,
      findings: report.findings.map((f: { arn: string; ruleId: string; decision: string; exemptionId: string }) =>
        [f.ruleId, f.arn, f.decision, f.exemptionId].join(' '),
      ),
    };
  };

  it('the bundled estate, or its snapshot folder, gives what `npm start` gives: its accounts and exemptions', async () => {
    const bundled = await cli('sweep', '--json');
    const estate = await cli('sweep', '--snapshot', 'examples/estate', '--json');
    const snapshot = await cli('sweep', '--snapshot', 'examples/estate/snapshot', '--json');
    expect(decisions(bundled.stdout).findings.filter((f: string) => f.includes(' EXEMPT '))).not.toEqual([]);
    expect(decisions(estate.stdout)).toEqual(decisions(bundled.stdout));
    expect(decisions(snapshot.stdout)).toEqual(decisions(bundled.stdout));
    const text = await cli('sweep', '--snapshot', 'examples/estate');
    const { items, files } = await readSnapshot('examples/estate/snapshot');
    expect(text.stdout).toContain(
      `Source: examples/estate/snapshot (${items.length} configuration items in ${files.length} files; accounts examples/estate/accounts.json; exemptions examples/estate/exemptions.json)`,
    );
  });

  it('any folder with snapshot/, accounts.json and exemptions.json is an estate; --accounts and --exemptions still win', async () => {
    const root = snapshotTree();
    const estate = mkdtempSync(join(tmpdir(), 'warden-estate-'));
    mkdirSync(join(estate, 'snapshot'));
    writeFileSync(
      join(estate, 'snapshot/snap.json.gz'),
      readFileSync(
        join(
          root,
          'AWSLogs/555555555555/Config/us-west-2/2026/11/21/ConfigSnapshot/555555555555_Config_us-west-2_ConfigSnapshot_20261121T060000Z_x.json.gz',
        ),
      ),
    );
    writeFileSync(join(estate, 'accounts.json'), JSON.stringify([{ accountId: '555555555555', alias: 'team-west' }]));
    const exemption = {
      exemptionId: 'ex-raw',
      ruleId: 's3-bucket-encryption',
      accountId: '555555555555',
      region: '*',
      resource: 'arn:aws:s3:::team-raw',
      effect: 'SUPPRESS',
      reason: 'raw data, encrypted by the producer',
      requestedBy: 'alice',
      approvedBy: 'bob',
      expiresAt: '2099-01-01T00:00:00Z',
    };
    writeFileSync(join(estate, 'exemptions.json'), JSON.stringify([exemption]));
    const own = JSON.parse(
      (await cli('sweep', '--snapshot', estate, '--rules', 's3-bucket-encryption', '--json')).stdout,
    );
    expect(own.accounts.map((a: { alias: string }) => a.alias)).toEqual(['team-west']);
    expect(own.skippedFiles).toEqual([]);
    expect(own.findings.map((f: { decision: string; exemptionId: string }) => [f.decision, f.exemptionId])).toEqual([
      ['EXEMPT', 'ex-raw'],
    ]);
    const overridden = JSON.parse(
      (
        await cli(
          'sweep',
          '--snapshot',
          estate,
          '--exemptions',
          join(root, 'exemptions.json'),
          '--rules',
          's3-bucket-encryption',
          '--json',
        )
      ).stdout,
    );
    expect(overridden.findings.map((f: { decision: string }) => f.decision)).toEqual(['REMEDIATE']);
  });
});

describe('the notification preview (issue 20 item 18)', () => {
  it('--show-messages prints every outbox message with its attributes and body; findings say OUTBOX, never SENT', async () => {
    const text = await cli('sweep', '--show-messages');
    expect(text.code).toBe(0);
    const preview = text.stdout.slice(text.stdout.indexOf('Messages in the local outbox'));
    const count = Number(/Messages in the local outbox \((\d+)\)/.exec(preview)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(preview.match(/^\d+\. /gm)).toHaveLength(count);
    expect(preview).toContain('   from: Notify operators   attributes: severity=HIGH, accountId=444444444444');
    // The owners' digests (one per owner: issue 20 item 10), each finding in a few indented lines.
    expect(preview).toMatch(/^ {3}\| == Needs you: /m);
    expect(preview).toMatch(/^ {3}\| {3}What is wrong: /m);

    const json = await cli('sweep', '--json', '--show-messages');
    const report = JSON.parse(json.stdout) as {
      findings: { notified: string }[];
      outbox: { Subject: string; Message: string }[];
    };
    expect(report.outbox).toHaveLength(count);
    expect(report.outbox.every((m) => m.Message.length > 0)).toBe(true);
    const notified = new Set(report.findings.map((f) => f.notified));
    expect(notified.has('OUTBOX')).toBe(true);
    expect(notified.has('SENT')).toBe(false);
    expect('outbox' in JSON.parse((await cli('sweep', '--json')).stdout)).toBe(false);
  });
});
