/**
 * `warden sweep --live` and `warden snapshot --live` against mocked AWS (aws-sdk-client-mock): the
 * caller's own account is read with the caller's credentials, remediations stay PLANNED unless
 * --apply, and a live collection written as Config snapshot files replays offline to the same items.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveSetup } from '../../cli/live';
import { runCli } from '../../cli/main';
import { readSnapshot } from '../../local/snapshot';
import { AccountTargetSchema } from '../../tasks/shared/schemas';
import { stubUnconfiguredBaseline } from '../support/baseline-mocks';
import { stubEmptyIam } from '../support/iam-mocks';
import { PlaceboServiceError } from '../support/placebo';

const CALLER = '111122223333';
const REGION = 'eu-west-1';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
const s3control = mockClient(S3ControlClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
// KMS, DynamoDB, Lambda: an account without keys, tables or functions. DynamoDB is stubbed only for
// clients of AWS's endpoints: the offline workflow's embedded DynamoDB (a local endpoint) must still answer.
const dataServices = [mockClient(KMSClient), mockClient(LambdaClient)] as const;
const realDynamoDbSend = DynamoDBClient.prototype.send;
vi.spyOn(DynamoDBClient.prototype, 'send').mockImplementation(function (this: DynamoDBClient, command: unknown) {
  if (command instanceof ListTablesCommand && this.config.endpoint === undefined) {
    return Promise.resolve({ TableNames: [] });
  }
  return (realDynamoDbSend as (command: unknown) => Promise<unknown>).call(this, command);
} as never);
const saved = { ...process.env };

/** One account with two buckets in eu-west-1: `raw-data` unencrypted, `safe-data` with AES256. */
function stubAccount(): { encrypted: Set<string> } {
  const encrypted = new Set(['safe-data']);
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: CALLER, Arn: `arn:aws:iam::${CALLER}:user/alice`, UserId: 'AIDA' });
  sts
    .on(AssumeRoleCommand)
    .rejects(new PlaceboServiceError('AccessDenied', 'not authorized to perform sts:AssumeRole', 403, {}));
  s3.on(ListBucketsCommand).resolves({
    Buckets: [
      { Name: 'raw-data', CreationDate: new Date('2026-01-02T03:04:05Z'), BucketRegion: REGION },
      { Name: 'safe-data', CreationDate: new Date('2026-01-02T03:04:05Z'), BucketRegion: REGION },
    ],
    Owner: { ID: 'abc', DisplayName: 'alice' },
  });
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: REGION });
  s3.on(GetBucketEncryptionCommand).callsFake((input: { Bucket: string }) => {
    if (!encrypted.has(input.Bucket))
      throw new PlaceboServiceError('ServerSideEncryptionConfigurationNotFoundError', 'none', 404, {});
    return {
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
      },
    };
  });
  s3.on(PutBucketEncryptionCommand).callsFake((input: { Bucket: string }) => {
    encrypted.add(input.Bucket);
    return {};
  });
  s3.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  s3.on(GetBucketTaggingCommand).rejects(new PlaceboServiceError('NoSuchTagSet', 'none', 404, {}));
  s3control
    .on(GetAccountPublicAccessBlockCommand)
    .rejects(new PlaceboServiceError('NoSuchPublicAccessBlockConfiguration', 'none', 404, {}));
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  stubUnconfiguredBaseline(ec2);
  stubEmptyIam();
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
  ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
  ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
  dataServices[0].on(ListKeysCommand).resolves({ Keys: [], Truncated: false });
  dataServices[1].on(ListFunctionsCommand).resolves({ Functions: [] });
  return { encrypted };
}

beforeAll(() => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
  // The caller's credentials, as the SDK's default chain finds them: nothing here reaches AWS.
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  process.env.AWS_REGION = REGION;
  delete process.env.AWS_PROFILE;
});
afterAll(() => {
  process.env = saved;
});
beforeEach(() => {
  for (const m of [sts, s3, s3control, ec2, rds, ...dataServices]) m.reset();
});

describe('warden sweep --live', () => {
  it('reads the caller’s own account with the caller’s credentials and plans, never sends, remediations', async () => {
    stubAccount();
    const { code, stdout, stderr } = await cli('sweep', '--live', '--rules', 's3-bucket-encryption', '--json');
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    expect(report.accounts).toEqual([{ accountId: CALLER, alias: CALLER, status: 'OK', error: null }]);
    expect(report.counts['s3-bucket-encryption']).toMatchObject({ COMPLIANT: 1, NON_COMPLIANT: 1 });
    expect(report.findings).toEqual([
      expect.objectContaining({
        resourceId: 'raw-data',
        decision: 'REMEDIATE',
        remediation: expect.objectContaining({
          outcome: 'PLANNED',
          apiCalls: [expect.objectContaining({ service: 's3', operation: 'PutBucketEncryption' })],
        }),
      }),
    ]);
    // The caller's own account needs no role: nothing was assumed, nothing was written.
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutBucketEncryptionCommand)).toHaveLength(0);
  });

  it('--apply sends the remediation and reads the bucket back', async () => {
    const { encrypted } = stubAccount();
    const { code, stdout, stderr } = await cli(
      'sweep',
      '--live',
      '--apply',
      '--rules',
      's3-bucket-encryption',
      '--json',
    );
    expect(code).toBe(0);
    expect(stderr).toContain('remediations will be SENT to 1 account');
    const finding = JSON.parse(stdout).findings[0];
    expect(finding.remediation.outcome).toBe('SUCCEEDED');
    expect(s3.commandCalls(PutBucketEncryptionCommand).map((c) => c.args[0].input.Bucket)).toEqual(['raw-data']);
    expect(encrypted.has('raw-data')).toBe(true);
  });

  it('--apply composes Remediate as the deployed one: a fix that keeps being undone is held back by the loop breaker', async () => {
    // A home of its own: the ledger (what the loop breaker counts) persists there between sweeps.
    const home = process.env.WARDEN_HOME;
    process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-loop-'));
    try {
      const outcomes: string[] = [];
      for (let sweep = 0; sweep < 4; sweep += 1) {
        stubAccount(); // someone removes the encryption again before each sweep
        const { code, stdout } = await cli('sweep', '--live', '--apply', '--rules', 's3-bucket-encryption', '--json');
        expect(code).toBe(0);
        outcomes.push(JSON.parse(stdout).findings[0].remediation.outcome);
      }
      // The default loop breaker: 3 successful remediations of one resource in 7 days, then no more.
      expect(outcomes).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SKIPPED_LOOP']);
    } finally {
      process.env.WARDEN_HOME = home;
    }
  });

  it('an account of --accounts whose role cannot be assumed is UNREACHABLE, the caller’s is still swept', async () => {
    stubAccount();
    const dir = mkdtempSync(join(tmpdir(), 'warden-live-'));
    const file = join(dir, 'accounts.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      JSON.stringify([
        { accountId: CALLER, alias: 'mine' },
        { accountId: '444455556666', alias: 'theirs', regions: ['us-east-1'] },
      ]),
    );
    const { code, stdout } = await cli('sweep', '--live', '--accounts', file, '--regions', REGION, '--json');
    expect(code).toBe(0);
    const accounts = JSON.parse(stdout).accounts;
    expect(accounts).toEqual([
      expect.objectContaining({ alias: 'mine', status: 'OK' }),
      expect.objectContaining({
        alias: 'theirs',
        status: 'UNREACHABLE',
        error: expect.stringContaining('arn:aws:iam::444455556666:role/WardenAudit'),
      }),
    ]);
  });

  it.each([
    [['sweep', '--apply'], /--apply goes with --live/],
    [['sweep', '--live', '--remote'], /give --live or --remote, not both/],
    [['sweep', '--live', '--snapshot', 'x'], /--snapshot goes with an offline sweep/],
    [['sweep', '--live', '--regions', 'mars-1'], /--regions must be region names/],
  ])('%j is a one-line usage error', async (argv, message) => {
    stubAccount();
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('warden snapshot --live', () => {
  it('writes Config snapshot files that replay offline to exactly what was collected', async () => {
    stubAccount();
    const out = mkdtempSync(join(tmpdir(), 'warden-snap-out-'));
    const { code, stdout } = await cli('snapshot', '--live', '--out', out, '--json');
    expect(code).toBe(0);
    const written = JSON.parse(stdout);
    const file = (region: string) =>
      expect.stringMatching(
        new RegExp(
          `^AWSLogs/${CALLER}/Config/${region}/\\d{4}/\\d{1,2}/\\d{1,2}/ConfigSnapshot/${CALLER}_Config_${region}_ConfigSnapshot_\\d{8}T\\d{6}Z_[0-9a-f-]+\\.json\\.gz$`,
        ),
      );
    // The region's items, and the account's global ones (the account-level CloudTrail summary).
    expect(written.files).toEqual([file(REGION), file('global')]);

    const live = await liveSetup({ regions: REGION });
    const collected = await live.source.collect(AccountTargetSchema.parse(live.accounts[0]));
    live.close();
    const replayed = await readSnapshot(out);
    const byArn = <T extends { arn: string }>(items: T[]) => [...items].sort((a, b) => a.arn.localeCompare(b.arn));
    expect(byArn(replayed.items).map(({ captureTime: _, ...ci }) => ci)).toEqual(
      byArn(collected.items).map(({ captureTime: _, ...ci }) => ci),
    );
    expect(replayed.items.map((ci) => ci.resourceId)).toEqual(expect.arrayContaining(['raw-data', 'safe-data']));

    const offline = await cli('sweep', '--snapshot', out, '--rules', 's3-bucket-encryption', '--json');
    expect(JSON.parse(offline.stdout).findings.map((f: { resourceId: string }) => f.resourceId)).toEqual(['raw-data']);
  });

  it('needs --live and --out', async () => {
    expect((await cli('snapshot', '--out', 'x')).stderr).toMatch(/pass --live/);
    expect((await cli('snapshot', '--live')).stderr).toMatch(/--out DIR is needed/);
  });
});
