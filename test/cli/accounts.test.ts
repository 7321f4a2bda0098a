/** `warden accounts --from-organizations` as a user runs it: the accounts file from AWS Organizations. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListAccountsCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';

const orgMock = mockClient(OrganizationsClient);
const dir = mkdtempSync(join(tmpdir(), 'warden-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => orgMock.reset());

async function warden(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

beforeEach(() => {
  orgMock
    .on(ListAccountsCommand)
    .resolves({
      Accounts: [
        { Id: '222222222222', Name: 'data-platform', State: 'ACTIVE' },
        { Id: '111111111111', Name: 'payments-prod', State: 'ACTIVE' },
        { Id: '333333333333', Name: 'old-sandbox', State: 'SUSPENDED' },
      ],
    })
    .on(ListParentsCommand, { ChildId: '111111111111' })
    .resolves({ Parents: [{ Id: 'ou-ab12-payments1', Type: 'ORGANIZATIONAL_UNIT' }] })
    .on(ListParentsCommand, { ChildId: '222222222222' })
    .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] })
    .on(ListTagsForResourceCommand, { ResourceId: '111111111111' })
    .resolves({
      Tags: [
        { Key: 'warden:alias', Value: 'payments' },
        { Key: 'warden:owner', Value: 'payments-platform@example.com' },
      ],
    })
    .on(ListTagsForResourceCommand, { ResourceId: '222222222222' })
    .resolves({ Tags: [] });
});

describe('warden accounts --from-organizations (issue 20 item 16)', () => {
  it('prints every ACTIVE account with alias, owner and OU, sorted, as an accounts file', async () => {
    const { code, stdout, stderr } = await warden('accounts', '--from-organizations', '--region', 'us-east-1');
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual([
      { accountId: '111111111111', alias: 'payments', owner: 'payments-platform@example.com', ou: 'ou-ab12-payments1' },
      { accountId: '222222222222', alias: 'data-platform', ou: 'r-ab12' },
    ]);
  });

  it('--out updates an existing file: fields someone set are kept, new accounts added, gone ones named, and sweep reads it', async () => {
    const out = join(dir, 'accounts.json');
    writeFileSync(
      out,
      JSON.stringify([
        { accountId: '222222222222', alias: 'data', mode: 'notify', regions: ['eu-west-1'] },
        { accountId: '444444444444', alias: 'legacy-archive' },
      ]),
    );
    const { code, stderr } = await warden(
      'accounts',
      '--from-organizations',
      '--out',
      out,
      '--regions',
      'us-east-1',
      '--region',
      'us-east-1',
    );
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([
      {
        accountId: '111111111111',
        alias: 'payments',
        owner: 'payments-platform@example.com',
        ou: 'ou-ab12-payments1',
        regions: ['us-east-1'],
      },
      { accountId: '222222222222', alias: 'data', ou: 'r-ab12', regions: ['eu-west-1'], mode: 'notify' },
      { accountId: '444444444444', alias: 'legacy-archive' },
    ]);
    expect(stderr).toContain('3 accounts (1 added, 1 not ACTIVE in the organization left out)');
    expect(stderr).toContain('the organization does not list them as ACTIVE: 444444444444');
    expect((await warden('validate', '--accounts', out)).code).toBe(0);
  });

  it('says what is wrong: no source named, not allowed to list the organization', async () => {
    expect((await warden('accounts')).stderr).toContain('--from-organizations');
    orgMock.on(ListAccountsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const denied = await warden('accounts', '--from-organizations', '--region', 'us-east-1');
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('management account or of a delegated administrator');
  });
});
