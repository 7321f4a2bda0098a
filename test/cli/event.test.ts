/**
 * `warden event FILE` as a user runs it (issue 4, "Must show"): a failed sign-in, a
 * DeleteBucketEncryption, a denied call, a dry-run RunInstances, a CreateVpc, an unknown event and a
 * malformed file each do what they should, against the bundled estate; `--json` is DESIGN §4.5's
 * document plus `event`; only a file that cannot be read as JSON makes a non-zero exit with one line.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventCommand } from '../../cli/commands/event';
import { CliError } from '../../cli/errors';
import { runCli } from '../../cli/main';
import { eventTestWorkflows } from '../support/event-app';

const FIXTURES = join(process.cwd(), 'test/fixtures/events');
const NOW = () => new Date('2026-11-22T06:00:00Z');

async function warden(file: string, flags: Record<string, string | boolean> = {}) {
  let stdout = '';
  const code = await eventCommand(
    resolve(FIXTURES, file),
    flags,
    { stdout: (s) => (stdout += s) },
    {
      workflows: eventTestWorkflows().workflows,
      now: NOW,
    },
  );
  return { code, stdout };
}

/** A Config snapshot tree of one account with the bucket the DeleteBucketEncryption fixture names, unencrypted. */
function snapshotTree(): { snapshot: string; accounts: string; exemptions: string } {
  const root = mkdtempSync(join(tmpdir(), 'warden-event-snap-'));
  const dir = join(root, 'AWSLogs/111111111111/Config/us-east-1/2026/11/21/ConfigSnapshot');
  mkdirSync(dir, { recursive: true });
  const ci = {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-21T06:00:00.000Z',
    configurationItemStatus: 'OK',
    awsAccountId: '111111111111',
    awsRegion: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'payments-prod-exports-2017',
    resourceName: 'payments-prod-exports-2017',
    ARN: 'arn:aws:s3:::payments-prod-exports-2017',
    configuration: { name: 'payments-prod-exports-2017' },
    supplementaryConfiguration: {},
    tags: { Owner: 'payments-platform@example.com' },
    relationships: [],
  };
  writeFileSync(
    join(dir, '111111111111_Config_us-east-1_ConfigSnapshot_20261121T060000Z_x.json'),
    JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: [ci] }),
  );
  const accounts = join(root, 'accounts.json');
  writeFileSync(
    accounts,
    JSON.stringify([{ accountId: '111111111111', alias: 'payments-prod', owner: 'payments-team' }]),
  );
  const exemptions = join(root, 'exemptions.json');
  writeFileSync(exemptions, JSON.stringify([{ exemptionId: 'broken', ruleId: 's3-bucket-encryption' }]));
  return { snapshot: root, accounts, exemptions };
}

async function json(file: string, flags: Record<string, string | boolean> = {}) {
  const { code, stdout } = await warden(file, { ...flags, json: true });
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

const DOCUMENTED_KEYS = [
  'execution',
  'event',
  'resourcesEvaluated',
  'counts',
  'accounts',
  'findings',
  'informational',
  'notifications',
  'exemptionProblems',
];

describe('warden event', () => {
  it('a failed sign-in: notified by console-login-failure with the alias, the user and the source IP', async () => {
    const report = await json('console-login-failure.json');
    expect(Object.keys(report)).toEqual(DOCUMENTED_KEYS);
    expect(report.execution).toEqual({
      name: 'event-0f0c1a7e-6b43-4c55-a1d6-9f1e52d3c001',
      status: 'SUCCEEDED',
      stateTransitions: 4,
    });
    expect(report.event).toMatchObject({
      outcome: 'PROCESSED',
      route: 'NOTIFY',
      eventName: 'ConsoleLogin',
      accountId: '111122223333',
      who: 'IAM user anaya',
      sourceIp: '192.0.2.0',
    });
    expect(report.informational.map((n: { ruleId: string; status: string }) => [n.ruleId, n.status])).toEqual([
      ['console-login-failure', 'SENT'],
    ]);
    expect(report.notifications).toEqual([
      {
        subject: '[MEDIUM] console-login-failure: 111122223333/us-east-1 failed sign-in of anaya from 192.0.2.0',
        ruleId: 'console-login-failure',
        accountId: '111122223333',
        severity: 'MEDIUM',
      },
    ]);
    expect(report.findings).toEqual([]);
  });

  it('--snapshot naming the bundled estate folder uses its accounts and exemptions, as the default does', async () => {
    const named = await json('console-login-failure.json', { snapshot: 'examples/estate' });
    const bundled = await json('console-login-failure.json');
    expect(named.event).toEqual(bundled.event);
    expect(named.informational).toEqual(bundled.informational);
    expect(named.exemptionProblems).toEqual(bundled.exemptionProblems);
    expect(bundled.exemptionProblems).not.toEqual([]);
  });

  it('DeleteBucketEncryption against the bundled estate: the bucket is re-checked there', async () => {
    const report = await json('delete-bucket-encryption.json');
    expect(report.event).toMatchObject({ outcome: 'PROCESSED', route: 'RESOURCE', alias: 'payments-prod' });
    const counts = report.counts['s3-bucket-encryption'] as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('DeleteBucketEncryption: re-checks the bucket in the snapshot and plans PutBucketEncryption', async () => {
    const tree = snapshotTree();
    const report = await json('delete-bucket-encryption.json', {
      snapshot: tree.snapshot,
      accounts: tree.accounts,
      exemptions: tree.exemptions,
    });
    expect(report.event).toMatchObject({ outcome: 'PROCESSED', route: 'RESOURCE', alias: 'payments-prod' });
    expect(report.resourcesEvaluated).toBe(1);
    expect(report.counts['s3-bucket-encryption']).toEqual({
      COMPLIANT: 0,
      NON_COMPLIANT: 1,
      NOT_APPLICABLE: 0,
      ERROR: 0,
    });
    expect(report.accounts).toEqual([{ accountId: '111111111111', alias: 'payments-prod', status: 'OK', error: null }]);
    const finding = report.findings.find((f: { ruleId: string }) => f.ruleId === 's3-bucket-encryption');
    expect(finding).toMatchObject({
      resourceId: 'payments-prod-exports-2017',
      status: 'NON_COMPLIANT',
      decision: 'REMEDIATE',
      notified: 'OUTBOX',
      remediation: {
        outcome: 'PLANNED',
        apiCalls: [expect.objectContaining({ service: 's3', operation: 'PutBucketEncryption' })],
      },
    });
    expect(report.notifications.map((n: { subject: string }) => n.subject)).toContain(
      '[HIGH] s3-bucket-encryption: payments-prod/us-east-1 bucket payments-prod-exports-2017',
    );
    expect(report.exemptionProblems.map((p: { exemptionId: string }) => p.exemptionId)).toEqual(['broken']);
  });

  it('a denied call is ignored: it changed nothing', async () => {
    const report = await json('delete-bucket-encryption-denied.json');
    expect(report.event).toMatchObject({
      outcome: 'IGNORED',
      reason: 'DeleteBucketEncryption failed (AccessDenied: Access Denied): nothing changed',
    });
    expect([report.findings, report.notifications]).toEqual([[], []]);
  });

  it('a dry-run RunInstances is ignored', async () => {
    const report = await json('run-instances-dry-run.json');
    expect(report.event.outcome).toBe('IGNORED');
    expect(report.event.reason).toBe(
      'RunInstances was a dry run (Client.DryRunOperation): it would have succeeded but changed nothing',
    );
  });

  it('CreateVpc notifies vpc-created', async () => {
    const report = await json('create-vpc.json');
    expect(report.event).toMatchObject({ outcome: 'PROCESSED', route: 'NOTIFY', who: 'role tester (session tester)' });
    expect(report.notifications.map((n: { ruleId: string }) => n.ruleId)).toEqual(['vpc-created']);
  });

  it('an unknown event type is ignored, saying so', async () => {
    const report = await json('unknown-event.json');
    expect(report.event).toMatchObject({
      outcome: 'IGNORED',
      reason: 'Warden does not handle "EC2 Instance State-change Notification" events',
    });
  });

  it('a malformed event is rejected with the reason, exit 1 (its execution did not succeed)', async () => {
    const { code, stdout } = await warden('malformed-event.json', { json: true });
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.execution.status).toBe('FAILED');
    expect(report.event).toMatchObject({
      outcome: 'REJECTED',
      reason: 'a "AWS API Call via CloudTrail" event needs a "detail" object, not a string',
    });
  });

  it('prints a readable summary without --json', async () => {
    const tree = snapshotTree();
    const { code, stdout } = await warden('delete-bucket-encryption.json', {
      snapshot: tree.snapshot,
      accounts: tree.accounts,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Warden event event-0f0c1a7e-6b43-4c55-a1d6-9f1e52d3c002: PROCESSED (RESOURCE)');
    expect(stdout).toContain(
      'Event: DeleteBucketEncryption (s3.amazonaws.com) in payments-prod (111111111111) us-east-1',
    );
    expect(stdout).toContain('Who: role AdminRole (session');
    expect(stdout).toMatch(/REMEDIATE\s+s3-bucket-encryption\s+payments-prod-exports-2017/);
    expect(stdout).toContain('PLANNED: s3:PutBucketEncryption');
  });

  it('an unreadable file is a one-line error (exit 2 through the CLI), missing or not JSON', async () => {
    const missing = warden('no-such-event.json');
    await expect(missing).rejects.toBeInstanceOf(CliError);
    await expect(missing).rejects.toThrow(/^cannot read event file .*no-such-event\.json: ENOENT$/);
    const dir = mkdtempSync(join(tmpdir(), 'warden-event-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"detail-type": "AWS API Call via CloudTrail", "detail": {\n');
    const notJson = eventCommand(broken, {}, { stdout: () => undefined });
    await expect(notJson).rejects.toBeInstanceOf(CliError);
    await expect(notJson).rejects.toThrow(/^event file .*broken\.json is not valid JSON: .*$/);
    await expect(eventCommand(undefined, {}, { stdout: () => undefined })).rejects.toThrow('an event FILE is needed');
  });

  it('an event nested 5,000 levels deep is a one-line error, exit 2, not a hang (issue 14 item 20b)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-event-'));
    const deep = join(dir, 'deep.json');
    const levels = 5000;
    writeFileSync(
      deep,
      `{"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": ${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`,
    );
    await expect(eventCommand(deep, {}, { stdout: () => undefined })).rejects.toThrow(
      /^event file .*deep\.json nests deeper than 64 levels of objects and arrays; real AWS events nest a dozen at most$/,
    );
    let stdout = '';
    let stderr = '';
    const code = await runCli(['event', deep, '--json'], {
      stdout: (t: string) => (stdout += t),
      stderr: (t: string) => (stderr += t),
    });
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('nests deeper than 64 levels');
  });

  it('is a `warden` command: the dry run through runCli, and a second file is a one-line usage error', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    const file = join(FIXTURES, 'run-instances-dry-run.json');
    expect(await runCli(['event', file, '--json'], io)).toBe(0);
    expect(JSON.parse(stdout).event.outcome).toBe('IGNORED');
    expect(await runCli(['event', file, file], io)).toBe(2);
    expect(stderr).toBe(`warden: unexpected argument "${file}" (see "warden event --help")\n`);
    expect(await runCli(['--help'], io)).toBe(0);
    expect(stdout).toMatch(/^ {2}event FILE/m);
  });
});

/** A JSON file of `value` in a temporary folder. */
function jsonFile(name: string, value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'warden-event-file-')), name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf-8'));

describe('warden event on bare CloudTrail records and arrays (issue 20 item 11)', () => {
  it('the AWS docs’ failed console sign-in, a bare record, yields the console-login-failure notification', async () => {
    const { code, stdout } = await warden(resolve('../shared/corpus/awsdocs/consolelogin-iam-user-failure.json'), {
      json: true,
    });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.event).toMatchObject({
      outcome: 'PROCESSED',
      route: 'NOTIFY',
      detailType: 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      accountId: '111122223333',
      region: 'us-east-1',
      who: 'IAM user anaya',
    });
    expect(report.execution.name).toBe('event-d38ce1b3-4575-4cb8-a632-611b8243bfc3');
    expect(report.notifications.map((n: { ruleId: string }) => n.ruleId)).toEqual(['console-login-failure']);
  });

  it('a bare API-call record is handled as its EventBridge event is: source from eventSource, the same findings', async () => {
    const tree = snapshotTree();
    const flags = { snapshot: tree.snapshot, accounts: tree.accounts, json: true };
    const wrapped = JSON.parse((await warden('delete-bucket-encryption.json', flags)).stdout);
    const bare = JSON.parse(
      (await warden(jsonFile('bare.json', fixture('delete-bucket-encryption.json').detail), flags)).stdout,
    );
    expect(bare.event).toMatchObject({
      outcome: 'PROCESSED',
      route: 'RESOURCE',
      source: 'aws.s3',
      accountId: '111111111111',
    });
    const shape = (r: { findings: { ruleId: string; arn: string; decision: string }[] }) =>
      r.findings.map((f) => [f.ruleId, f.arn, f.decision]);
    expect(shape(bare)).toEqual(shape(wrapped));
    expect(shape(bare)).not.toEqual([]);
  });

  it('a JSON array of events runs each in order, and --json prints one document per event', async () => {
    const file = jsonFile('events.json', [fixture('create-vpc.json'), fixture('unknown-event.json')]);
    const { code, stdout } = await warden(file, { json: true });
    expect(code).toBe(0);
    const reports = JSON.parse(stdout);
    expect(reports.map((r: { event: { outcome: string } }) => r.event.outcome)).toEqual(['PROCESSED', 'IGNORED']);
  });

  it('a rejected event exits non-zero with the reason on stderr, alone or among others', async () => {
    const alone = await runCliFor(join(FIXTURES, 'malformed-event.json'));
    expect(alone.code).toBe(1);
    expect(alone.stderr).toBe(
      'warden: the event was rejected: a "AWS API Call via CloudTrail" event needs a "detail" object, not a string\n',
    );
    const among = await runCliFor(
      jsonFile('events.json', [fixture('create-vpc.json'), fixture('malformed-event.json')]),
    );
    expect(among.code).toBe(1);
    expect(among.stdout).toContain('PROCESSED');
  });
});

async function runCliFor(file: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['event', file], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('warden event: the seed event rules of issue 16', () => {
  it.each([
    [
      'cloudtrail-stop-logging.json',
      'cloudtrail-logging-stopped',
      'HIGH',
      '143434273843/us-east-1 stopped logging of CloudTrail trail',
    ],
    [
      'guardduty-delete-detector.json',
      'guardduty-detector-deleted',
      'HIGH',
      '143434273843/us-east-1 deleted GuardDuty detector',
    ],
    [
      'config-delete-delivery-channel.json',
      'config-recorder-stopped',
      'HIGH',
      '123456789012/us-west-2 deleted AWS Config delivery channel',
    ],
    [
      'root-access-key-created.json',
      'iam-root-access-key-created',
      'CRITICAL',
      '123456789012/us-east-1 created root access key 1111 by root',
    ],
    [
      'request-spot-instances.json',
      'ec2-spot-request-changed',
      'LOW',
      '143434273843/us-east-1 requested spot capacity',
    ],
  ])('%s is notified by %s', async (file, ruleId, severity, subject) => {
    const report = await json(file);
    expect(report.event).toMatchObject({ outcome: 'PROCESSED', route: 'NOTIFY' });
    expect(report.informational.map((n: { ruleId: string; status: string }) => [n.ruleId, n.status])).toEqual([
      [ruleId, 'SENT'],
    ]);
    expect(report.notifications).toEqual([
      {
        subject: expect.stringContaining(`[${severity}] ${ruleId}: ${subject}`),
        ruleId,
        accountId: expect.any(String),
        severity,
      },
    ]);
  });

  it('a root sign-in is notified by root-sign-in, besides console-login-failure for its missing MFA', async () => {
    const report = await json('root-sign-in-success.json');
    expect(report.notifications.map((n: { ruleId: string; severity: string }) => [n.ruleId, n.severity])).toEqual([
      ['console-login-failure', 'CRITICAL'],
      ['root-sign-in', 'CRITICAL'],
    ]);
  });
});
