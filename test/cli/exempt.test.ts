/** `warden exempt` against the embedded store, and against a deployed table (SDK mocked). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { exemptCommand } from '../../cli/commands/exempt';
import { runCli } from '../../cli/main';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const valid = (id: string, extra: string[] = []) => [
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
  new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  ...extra,
];

beforeAll(() => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
});

describe('warden exempt what-if', () => {
  it('counts only anchored matches', async () => {
    const { code, stdout } = await cli('exempt', 'what-if', '--resource', 'arn:aws:s3:::legacy-logs-*', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.matches).toBe(3);
    expect(out.resources.map((r: { arn: string }) => r.arn)).toEqual([
      'arn:aws:s3:::legacy-logs-2019',
      'arn:aws:s3:::legacy-logs-2020',
      'arn:aws:s3:::legacy-logs-2021',
    ]);
  });

  it('narrows by rule (its resource types) and account', async () => {
    const all = JSON.parse((await cli('exempt', 'what-if', '--resource', '*', '--json')).stdout);
    const instances = JSON.parse(
      (
        await cli(
          'exempt',
          'what-if',
          '--resource',
          '*',
          '--rule',
          'ec2-instance-required-tags',
          '--account',
          '111111111111',
          '--json',
        )
      ).stdout,
    );
    expect(instances.matches).toBeGreaterThan(0);
    expect(instances.matches).toBeLessThan(all.matches);
    for (const r of instances.resources)
      expect([r.resourceType, r.accountId]).toEqual(['AWS::EC2::Instance', '111111111111']);
  });
});

describe('warden exempt add / list / remove (embedded store)', () => {
  it('adds a valid exemption, lists it as active, and the sweep uses it', async () => {
    expect((await cli(...valid('ex-cli-1'))).code).toBe(0);
    const listed = JSON.parse((await cli('exempt', 'list', '--json')).stdout);
    expect(listed).toEqual([
      expect.objectContaining({ exemptionId: 'ex-cli-1', state: 'active', purgeAt: expect.any(Number) }),
    ]);
    const item = listed[0];
    // TTL purge some weeks after expiry, never before.
    expect(item.purgeAt * 1000).toBeGreaterThan(Date.parse(item.expiresAt) + 29 * 86_400_000);
  });

  it('--tag scopes an exemption to tagged resources as well, and a broad glob with a tag value is accepted (issue 20 item 19)', async () => {
    const argv = valid('ex-cli-tagged', ['--tag', 'warden:exempt=SEC-1042', '--tag', 'team=data*']);
    const at = argv.indexOf('--resource');
    argv[at + 1] = '*';
    expect((await cli(...argv)).code).toBe(0);
    const listed = JSON.parse((await cli('exempt', 'list', '--json')).stdout) as Record<string, unknown>[];
    expect(listed.find((e) => e.exemptionId === 'ex-cli-tagged')).toMatchObject({
      tags: { 'warden:exempt': 'SEC-1042', team: 'data*' },
      state: 'active',
    });
    const bad = await cli(...valid('ex-cli-badtag', ['--tag', 'novalue']));
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--tag novalue: expected KEY=VALUE')]);
    expect((await cli('exempt', 'remove', '--id', 'ex-cli-tagged')).code).toBe(0);
  });

  it('refuses to overwrite an existing id without --replace', async () => {
    const again = await cli(...valid('ex-cli-1'));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect((await cli(...valid('ex-cli-1', ['--replace']))).code).toBe(0);
  });

  it.each([
    [['--approved-by', ' '], /approvedBy/],
    [['--expires', '2020-01-01T00:00:00Z'], /is not in the future/],
    [['--expires', '2099-01-01T00:00:00Z'], /more than 180 days away/],
    [['--expires', '2026-12-01T00:00:00+01:00'], /expiresAt/],
    [['--rule', 's3-bucket-encryptoin'], /s3-bucket-encryption/],
    [['--resource', 'arn:aws:s3:::*-*-*-*-*-*-*-*-*-prod'], /resource: 9 wildcards; at most 8 are allowed/],
  ])('refuses a bad item (%j) with a clear message', async (override, message) => {
    const argv = valid('ex-bad');
    const i = argv.indexOf(override[0] as string);
    argv[i + 1] = override[1] as string;
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: exemption refused: /);
    expect(stderr).toMatch(message);
  });

  it('accepts 8 wildcards (runs of stars count once)', async () => {
    const argv = valid('ex-8-stars');
    argv[argv.indexOf('--resource') + 1] = 'arn:aws:s3:::legacy-**-*-*-*-*-*-*-*';
    expect((await cli(...argv)).code).toBe(0);
    expect((await cli('exempt', 'remove', '--id', 'ex-8-stars')).code).toBe(0);
  });

  it.each([
    ['arn:aws:s3:::*', '*', '*'],
    ['arn:aws:ec2:*', '*', '*'],
    ['arn:*:s3:::*', '*', '*'],
    ['arn:aws:*:*:*:*/*', '*', '*'],
    ['arn:aws:s3:::*', 's3-bucket-encryption', '222222222222'],
  ])(
    'refuses the broad glob %s (rule %s, account %s) unless --allow-broad, and records the override',
    async (resource, rule, account) => {
      const argv = valid('ex-broad-2');
      argv[argv.indexOf('--resource') + 1] = resource;
      argv[argv.indexOf('--rule') + 1] = rule;
      argv[argv.indexOf('--account') + 1] = account;
      const refused = await cli(...argv);
      expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/is broad.*--allow-broad/)]);
      const allowed = await cli(...argv, '--allow-broad', '--json');
      expect(allowed.code).toBe(0);
      expect(JSON.parse(allowed.stdout)).toMatchObject({ resource, allowBroad: true });
      expect((await cli('exempt', 'remove', '--id', 'ex-broad-2')).code).toBe(0);
    },
  );

  it('refuses a self-approved exemption, whatever the case and spacing', async () => {
    const argv = valid('ex-self');
    argv[argv.indexOf('--approved-by') + 1] = ' Data@Example.com';
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain('needs a second person to approve it');
  });

  it('--max-days may raise the lifetime up to 365 days, never beyond', async () => {
    const in300days = new Date(Date.now() + 300 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const argv = valid('ex-long');
    argv[argv.indexOf('--expires') + 1] = in300days;
    expect((await cli(...argv)).stderr).toMatch(/more than 180 days away/);
    expect((await cli(...argv, '--max-days', '366')).stderr).toMatch(
      /--max-days must be a whole number of days from 1 to 365/,
    );
    expect((await cli(...argv, '--max-days', '365')).code).toBe(0);
    expect((await cli('exempt', 'remove', '--id', 'ex-long')).code).toBe(0);
  });

  it('refuses a glob matching everything everywhere unless --allow-broad', async () => {
    const argv = valid('ex-broad');
    argv[argv.indexOf('--account') + 1] = '*';
    argv[argv.indexOf('--resource') + 1] = 'arn:*';
    expect((await cli(...argv)).stderr).toContain('--allow-broad');
    expect((await cli(...argv, '--allow-broad')).code).toBe(0);
    expect((await cli('exempt', 'remove', '--id', 'ex-broad')).code).toBe(0);
  });

  it('removes by id, and says when there is nothing to remove', async () => {
    expect((await cli('exempt', 'remove', '--id', 'ex-cli-1')).stdout).toContain('Removed exemption ex-cli-1');
    const missing = await cli('exempt', 'remove', '--id', 'ex-cli-1');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no exemption ex-cli-1')]);
    expect(JSON.parse((await cli('exempt', 'list', '--json')).stdout)).toEqual([]);
  });
});

describe('warden exempt against a deployed stack', () => {
  it('finds the table in the stack outputs and writes a conditional put there', async () => {
    const cfn = mockClient(CloudFormationClient);
    const ddb = mockClient(DynamoDBDocumentClient);
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({
      Account: '999999999999',
      Arn: 'arn:aws:sts::999999999999:assumed-role/SecOps/alice',
      UserId: 'AROAEXAMPLE:alice',
    });
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'WardenCentral',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: 'ExemptionsTableName', OutputValue: 'WardenCentral-Exemptions-ABC' }],
        },
      ],
    });
    ddb.on(PutCommand).resolves({});
    let out = '';
    const code = await exemptCommand(
      'add',
      {
        id: 'ex-deployed',
        rule: '*',
        account: '333333333333',
        resource: 'arn:aws:ec2:*:333333333333:instance/*',
        effect: 'NOTIFY_ONLY',
        reason: 'sandbox',
        requestedBy: 'a@example.com',
        approvedBy: 'b@example.com',
        expires: '2026-12-20T00:00:00Z',
        stack: 'WardenCentral',
      },
      { stdout: (s) => (out += s) },
      new Date('2026-11-22T00:00:00Z'),
    );
    expect(code).toBe(0);
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      TableName: 'WardenCentral-Exemptions-ABC',
      ConditionExpression: 'attribute_not_exists(exemptionId)',
      Item: {
        exemptionId: 'ex-deployed',
        accountId: '333333333333',
        region: '*',
        effect: 'NOTIFY_ONLY',
        // The audit trail's "who": the caller's identity, since DynamoDB Streams does not record it.
        changedBy: 'arn:aws:sts::999999999999:assumed-role/SecOps/alice',
      },
    });
    expect(out).toContain('table WardenCentral-Exemptions-ABC');
    cfn.restore();
    ddb.restore();
    sts.restore();
  });
});
