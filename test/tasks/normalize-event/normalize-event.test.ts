/** `Normalize event` as a task: the account and watch-list lookups around the pure classification. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { createNormalizeEvent } from '../../../tasks/normalize-event/normalize-event';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { readCorpusJson, wrapCloudTrail } from '../../support/corpus-events';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);
const execution = {
  name: 'event-abc',
  id: 'arn:aws:states:us-east-1:123456789012:execution:M:event-abc',
  startTime: '2026-11-22T06:00:00Z',
};

function task(store = new MemoryObjectStore(), warnings: string[] = []) {
  return createNormalizeEvent({
    ddb,
    accountsTable: 'Accounts',
    watchListTable: 'WatchList',
    store,
    config: parseWardenConfig({}),
    eventMode: 'notify',
    warn: (message) => warnings.push(message),
  });
}

const deleteEncryption = () =>
  wrapCloudTrail(
    readCorpusJson(
      'panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deleted-successfully.json',
    ) as Record<string, unknown>,
  );

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(BatchGetCommand).resolves({ Responses: { WatchList: [] } });
});

describe('Normalize event', () => {
  it('names the account by its registry alias and owner, and fixes the execution parameters', async () => {
    ddbMock.on(GetCommand, { TableName: 'Accounts', Key: { accountId: '111111111111' } }).resolves({
      Item: { accountId: '111111111111', alias: 'payments-prod', owner: 'team-payments', mode: 'audit' },
    });
    const out = await task()({ event: deleteEncryption(), execution });
    expect(out.target).toEqual({
      accountId: '111111111111',
      alias: 'payments-prod',
      owner: 'team-payments',
      regions: ['us-east-1'],
      mode: 'audit',
    });
    expect(out.sweep).toEqual({
      sweepId: 'event-event-abc',
      executionName: 'event-abc',
      executionArn: execution.id,
      startedAt: '2026-11-22T06:00:00Z',
      mode: 'notify',
      dryRun: false,
      rules: null,
    });
    expect([out.route, out.resource.ruleIds, out.resource.itemRef]).toEqual([
      'RESOURCE',
      ['s3-bucket-encryption'],
      null,
    ]);
  });

  it('falls back to the account id when the registry cannot be read, and says so', async () => {
    ddbMock.on(GetCommand).rejects(Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' }));
    const warnings: string[] = [];
    const out = await task(new MemoryObjectStore(), warnings)({ event: deleteEncryption(), execution });
    expect(out.target.alias).toBe('111111111111');
    expect(warnings).toEqual([
      'account 111111111111 could not be looked up in the registry; its id stands in for the alias and it is capped at notify',
    ]);
  });

  // Fail closed, as the sweep does: without the registry Warden does not know the account's ceiling
  // (audit-only? disabled?), so it may tell people but never change anything.
  it.each([
    ['AccessDeniedException', 'User is not authorized to perform: dynamodb:GetItem'],
    [
      'ProvisionedThroughputExceededException',
      'The level of configured provisioned throughput for the table was exceeded',
    ],
    ['ThrottlingException', 'Rate of requests exceeds the allowed throughput.'],
  ])('a registry read that fails with %s caps the account at notify, and says why', async (name, message) => {
    ddbMock.on(GetCommand).rejects(Object.assign(new Error(message), { name }));
    const eventMode = createNormalizeEvent({
      ddb,
      accountsTable: 'Accounts',
      watchListTable: 'WatchList',
      store: new MemoryObjectStore(),
      config: parseWardenConfig({}),
    });
    const out = await eventMode({ event: deleteEncryption(), execution });
    expect([out.route, out.target.mode, out.sweep.mode]).toEqual(['RESOURCE', 'notify', 'remediate']);
    expect(out.reason).toContain(`the account registry could not be read (${name}: ${message}): at most notify`);
  });

  it.each([
    [{ mode: 'Audit' }, 'mode'],
    [{ mode: 'audit', enabled: 'false' }, 'enabled'],
    [{ enabled: 0 }, 'enabled'],
    [{ alias: '' }, 'alias'],
    [{ ou: 42 }, 'ou'],
    [{ regions: ['everywhere'] }, 'regions.0'],
  ])(
    'an Accounts item with a malformed field (%j) is rejected and reported, never read more widely',
    async (fields, path) => {
      ddbMock.on(GetCommand).resolves({ Item: { accountId: '111111111111', alias: 'payments-prod', ...fields } });
      const out = await task()({ event: deleteEncryption(), execution });
      expect([out.route, out.resource.ruleIds, out.informational.matches]).toEqual(['REJECTED', [], []]);
      expect(out.reason).toMatch(
        new RegExp(
          `^the Accounts item of 111111111111 is invalid \\(${path.replace('.', '\\.')}: .+\\); the sweep skips it too: fix the item`,
        ),
      );
      expect(out.target.accountId).toBe('111111111111');
    },
  );

  it('ignores events of an account disabled in the registry', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { accountId: '111111111111', alias: 'old', enabled: false } });
    const out = await task()({ event: deleteEncryption(), execution });
    expect([out.route, out.reason]).toEqual([
      'IGNORED',
      'account old (111111111111) is disabled in the Warden account registry',
    ]);
  });

  it('looks the call up on the watch list, the exact name before the service-wide entry', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(BatchGetCommand).resolves({
      Responses: {
        WatchList: [
          { eventSource: 'sts.amazonaws.com', eventName: '*', severity: 'LOW' },
          { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', severity: 'CRITICAL', note: 'key check' },
        ],
      },
    });
    const event = wrapCloudTrail(
      readCorpusJson('panther-analysis/aws_sts_getcalleridentity_trufflehog__normal-getcalleridentity.json') as Record<
        string,
        unknown
      >,
    );
    const out = await task()({ event, execution });
    expect(out.route).toBe('NOTIFY');
    expect(out.informational.matches.map((m) => [m.ruleId, m.severity])).toEqual([['watched-api-call', 'CRITICAL']]);
    expect(ddbMock.commandCalls(BatchGetCommand)[0]?.args[0].input).toEqual({
      RequestItems: {
        WatchList: {
          Keys: [
            { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' },
            { eventSource: 'sts.amazonaws.com', eventName: '*' },
          ],
        },
      },
    });
  });

  it('stores the item a Config change carries, for Fetch current state to use', async () => {
    ddbMock.on(GetCommand).resolves({});
    const store = new MemoryObjectStore();
    const envelope = readCorpusJson('cloud-custodian/events/cwe__sqs-discover.json') as Record<string, unknown>;
    const event = {
      ...envelope,
      // The item is of another account than the corpus envelope: EventBridge would stamp that one.
      account: '934654633380',
      detail: {
        ...(envelope.detail as object),
        configurationItem: readCorpusJson('aws-config-rdk/AWS_S3_Bucket.json'),
      },
    };
    const out = await task(store)({ event, execution });
    expect(out.resource.itemRef).toBe('inventories/event-event-abc/event-item.json');
    const [ci] = await store.getJson<{ resourceId: string }[]>(out.resource.itemRef as string);
    expect(ci?.resourceId).toBe('mborch-test-bucket-config-item');
  });

  it('keeps reasons short, whatever the event holds', async () => {
    const out = await task()({ event: { 'detail-type': 'x'.repeat(5000), detail: {} }, execution });
    expect([out.route, out.reason.length, out.reason.endsWith('...')]).toEqual(['IGNORED', 1000, true]);
  });

  it('an event nested 5,000 levels deep is rejected at the edge, with no lookups (issue 14 item 20b)', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const out = await task()({ event: { ...deleteEncryption(), detail: { deep } }, execution });
    expect([out.route, out.reason]).toEqual([
      'REJECTED',
      'the event nests deeper than 64 levels of objects and arrays; real AWS events nest a dozen at most',
    ]);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('a rejected event needs no lookups', async () => {
    const out = await task()({ event: [1, 2], execution });
    expect([out.route, out.target.alias]).toEqual(['REJECTED', 'unknown account']);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});
