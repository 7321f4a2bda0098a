import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ListAccountsCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createResolveTargets } from '../../../tasks/resolve-targets/resolve-targets';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { listOrganizationAccounts } from '../../../tasks/shared/organizations';

const organizations = new OrganizationsClient({ region: 'us-east-1' });
const orgMock = mockClient(organizations);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);

const ACCOUNTS_TABLE = 'Accounts';
const EXEMPTIONS_TABLE = 'Exemptions';
const config = parseWardenConfig({ defaultRegions: ['eu-west-1'] });

/** Three accounts over two pages: one ACTIVE by `State`, one ACTIVE by the older `Status`, one suspended. */
function organizationWith(tags: Record<string, { Key: string; Value: string }[]> = {}) {
  orgMock
    .on(ListAccountsCommand, {})
    .resolves({
      Accounts: [
        { Id: '111111111111', Name: 'payments-prod', State: 'ACTIVE', Status: 'ACTIVE' },
        { Id: '333333333333', Name: 'old-sandbox', State: 'SUSPENDED', Status: 'SUSPENDED' },
      ],
      NextToken: 'page-2',
    })
    .on(ListAccountsCommand, { NextToken: 'page-2' })
    .resolves({ Accounts: [{ Id: '222222222222', Name: 'data-dev', Status: 'ACTIVE' }] });
  orgMock
    .on(ListParentsCommand, { ChildId: '111111111111' })
    .resolves({ Parents: [{ Id: 'ou-ab12-payments1', Type: 'ORGANIZATIONAL_UNIT' }] })
    .on(ListParentsCommand, { ChildId: '222222222222' })
    .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
  orgMock.on(ListTagsForResourceCommand).callsFake((input: { ResourceId: string; NextToken?: string }) => ({
    Tags: tags[input.ResourceId] ?? [],
  }));
}

function scanReturns(items: Record<string, unknown>[]) {
  ddbMock.on(ScanCommand, { TableName: ACCOUNTS_TABLE }).resolves({ Items: items });
  ddbMock.on(ScanCommand, { TableName: EXEMPTIONS_TABLE }).resolves({ Items: [] });
}

const REQUEST = {
  request: {},
  executionName: 'sweep-2026-11-22T06-00Z',
  executionArn: 'arn:aws:states:us-east-1:999999999999:execution:Sweep:sweep-2026-11-22T06-00Z',
  startedAt: '2026-11-22T06:00:00Z',
};

beforeEach(() => {
  orgMock.reset();
  ddbMock.reset();
});

describe('listOrganizationAccounts', () => {
  it('lists ACTIVE accounts (State, or the older Status) with their OU and alias/owner tags', async () => {
    organizationWith({
      '111111111111': [
        { Key: 'warden:alias', Value: 'payments' },
        { Key: 'warden:owner', Value: 'team-payments@example.com' },
        { Key: 'CostCenter', Value: '42' },
      ],
    });
    const result = await listOrganizationAccounts(organizations);
    expect(result.active).toEqual([
      { accountId: '111111111111', alias: 'payments', owner: 'team-payments@example.com', ou: 'ou-ab12-payments1' },
      { accountId: '222222222222', alias: 'data-dev', ou: 'r-ab12' },
    ]);
    expect([...result.inactive]).toEqual(['333333333333']);
    // Suspended accounts cost no further calls.
    expect(
      orgMock
        .commandCalls(ListParentsCommand)
        .map((c) => c.args[0].input.ChildId)
        .sort(),
    ).toEqual(['111111111111', '222222222222']);
  });

  it('lets throttling propagate, so the state Retry backs off', async () => {
    orgMock
      .on(ListAccountsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(listOrganizationAccounts(organizations)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });
});

describe('Resolve targets with the Organizations source', () => {
  it('organizations: every ACTIVE account, default regions, no table read', async () => {
    organizationWith();
    scanReturns([{ accountId: '111111111111', alias: 'ignored', regions: ['us-west-2'] }]);
    const run = createResolveTargets({
      ddb,
      accountsTable: ACCOUNTS_TABLE,
      exemptionsTable: EXEMPTIONS_TABLE,
      config,
      accountsSource: 'organizations',
      organizations,
    });
    const out = await run(REQUEST);
    expect(out.targets).toEqual([
      { accountId: '111111111111', alias: 'payments-prod', ou: 'ou-ab12-payments1', regions: ['eu-west-1'] },
      { accountId: '222222222222', alias: 'data-dev', ou: 'r-ab12', regions: ['eu-west-1'] },
    ]);
    expect(ddbMock.commandCalls(ScanCommand, { TableName: ACCOUNTS_TABLE })).toHaveLength(0);
  });

  it('both: the table overrides per account and field, disables, and adds accounts outside the organization', async () => {
    organizationWith({ '222222222222': [{ Key: 'warden:owner', Value: 'data-team' }] });
    scanReturns([
      // Partial override: only regions and mode; alias and OU still come from the organization.
      { accountId: '111111111111', regions: ['us-east-1', 'us-west-2'], mode: 'notify' },
      { accountId: '222222222222', enabled: false },
      // Not in the organization: swept when the item is complete.
      { accountId: '444444444444', alias: 'partner', owner: 'vendor-team' },
      // Suspended in the organization: never swept, whatever the table says.
      { accountId: '333333333333', alias: 'old-sandbox' },
      // Not in the organization and incomplete (no alias): reported.
      { accountId: '555555555555', regions: ['us-east-1'] },
      // Malformed override.
      { accountId: '111', alias: 'typo' },
    ]);
    const run = createResolveTargets({
      ddb,
      accountsTable: ACCOUNTS_TABLE,
      exemptionsTable: EXEMPTIONS_TABLE,
      config,
      accountsSource: 'both',
      organizations,
    });
    const out = await run(REQUEST);
    expect(out.targets).toEqual([
      {
        accountId: '111111111111',
        alias: 'payments-prod',
        ou: 'ou-ab12-payments1',
        regions: ['us-east-1', 'us-west-2'],
        mode: 'notify',
      },
      { accountId: '444444444444', alias: 'partner', owner: 'vendor-team', regions: ['eu-west-1'] },
    ]);
    // Malformed items are reported as read; incomplete ones once the organization is known.
    expect(out.invalidTargets.map((t) => t.accountId)).toEqual(['111', '555555555555']);
    expect(out.invalidTargets[0]?.error).toBe('invalid Accounts item: accountId: must be 12 digits');
    expect(out.invalidTargets[1]?.error).toContain('invalid Accounts item: alias:');
  });

  it('both: the request can narrow the sweep to some accounts', async () => {
    organizationWith();
    scanReturns([]);
    const run = createResolveTargets({
      ddb,
      accountsTable: ACCOUNTS_TABLE,
      exemptionsTable: EXEMPTIONS_TABLE,
      config,
      accountsSource: 'both',
      organizations,
    });
    const out = await run({ ...REQUEST, request: { accounts: ['222222222222'] } });
    expect(out.targets.map((t) => t.accountId)).toEqual(['222222222222']);
  });

  it('refuses an Organizations source without a client', async () => {
    scanReturns([]);
    const run = createResolveTargets({
      ddb,
      accountsTable: ACCOUNTS_TABLE,
      exemptionsTable: EXEMPTIONS_TABLE,
      config,
      accountsSource: 'organizations',
    });
    await expect(run(REQUEST)).rejects.toThrow('needs an AWS Organizations client');
  });

  it('table (the default) never calls Organizations', async () => {
    scanReturns([{ accountId: '111111111111', alias: 'payments', enabled: true }]);
    const run = createResolveTargets({
      ddb,
      accountsTable: ACCOUNTS_TABLE,
      exemptionsTable: EXEMPTIONS_TABLE,
      config,
      organizations,
    });
    const out = await run(REQUEST);
    expect(out.targets).toEqual([{ accountId: '111111111111', alias: 'payments', regions: ['eu-west-1'] }]);
    expect(orgMock.calls()).toHaveLength(0);
  });
});

describe('registry text shown in notices (alias, owner, OU)', () => {
  const FORGED = 'Decision: NONE (exempted by ex-legacy-logs)';

  it('table: an item whose alias, owner or OU holds a line break or control is invalid, reported escaped', async () => {
    scanReturns([
      { accountId: '111111111111', alias: `payments\n${FORGED}` },
      { accountId: '222222222222', alias: 'data', owner: `team\u2028${FORGED}` },
      { accountId: '333333333333', alias: 'ops', ou: 'ou-ab12\u202Eevil' },
      { accountId: '444444444444', alias: 'fine', owner: 'team-fine' },
    ]);
    const run = createResolveTargets({ ddb, accountsTable: ACCOUNTS_TABLE, exemptionsTable: EXEMPTIONS_TABLE, config });
    const out = await run(REQUEST);
    expect(out.targets.map((t) => t.accountId)).toEqual(['444444444444']);
    expect(out.invalidTargets.map((t) => [t.accountId, t.error.split(':').slice(0, 2).join(':')])).toEqual([
      ['111111111111', 'invalid Accounts item: alias'],
      ['222222222222', 'invalid Accounts item: owner'],
      ['333333333333', 'invalid Accounts item: ou'],
    ]);
    expect(out.invalidTargets[0]?.alias).toBe(`payments\\n${FORGED}`);
    expect(out.invalidTargets[0]?.error).toContain('must not contain control characters, line or paragraph separators');
  });

  it('organizations: an alias or owner tag holding a line break makes that account a reported invalid item', async () => {
    organizationWith({
      '111111111111': [{ Key: 'warden:alias', Value: `payments\u2029${FORGED}` }],
      '222222222222': [{ Key: 'warden:owner', Value: `data-team\n${FORGED}` }],
    });
    scanReturns([]);
    const run = createResolveTargets({
      ddb,
      accountsTable: ACCOUNTS_TABLE,
      exemptionsTable: EXEMPTIONS_TABLE,
      config,
      accountsSource: 'organizations',
      organizations,
    });
    const out = await run(REQUEST);
    expect(out.targets).toEqual([]);
    expect(out.invalidTargets).toEqual([
      {
        accountId: '111111111111',
        alias: `payments\\u2029${FORGED}`,
        error: expect.stringMatching(/^invalid Accounts item: alias: /),
      },
      { accountId: '222222222222', alias: 'data-dev', error: expect.stringMatching(/^invalid Accounts item: owner: /) },
    ]);
  });
});

describe('organizational unit modes (config organizationalUnits)', () => {
  it("an account's mode is the stricter of its own and its OU's", async () => {
    organizationWith();
    scanReturns([{ accountId: '222222222222', mode: 'audit' }]);
    const run = createResolveTargets({
      ddb,
      accountsTable: ACCOUNTS_TABLE,
      exemptionsTable: EXEMPTIONS_TABLE,
      config: parseWardenConfig({
        defaultRegions: ['eu-west-1'],
        organizationalUnits: { 'ou-ab12-payments1': { mode: 'notify' }, 'r-ab12': { mode: 'remediate' } },
      }),
      accountsSource: 'both',
      organizations,
    });
    const out = await run(REQUEST);
    expect(out.targets.map((t) => [t.accountId, t.mode])).toEqual([
      ['111111111111', 'notify'],
      ['222222222222', 'audit'],
    ]);
  });

  it('a config naming something that is not an OU or root id fails at synth, saying why', () => {
    expect(() => parseWardenConfig({ organizationalUnits: { Production: { mode: 'notify' } } })).toThrow(
      /organizationalUnits\.Production: must be an OU id \(ou-…\) or root id \(r-…\)/,
    );
    expect(() => parseWardenConfig({ organizationalUnits: { 'ou-ab12-payments1': { mode: 'fix' } } })).toThrow(
      /organizationalUnits\.ou-ab12-payments1\.mode/,
    );
  });
});
