/** The offline source's bookkeeping: default regions from the snapshot, and what was not swept with why. */
import { describe, expect, it } from 'vitest';
import { holdingsOf } from '../../local/snapshot-holdings';
import { notSwept, snapshotSource, withSnapshotRegions } from '../../local/snapshot-source';
import type { ConfigurationItem } from '../../tasks/shared/model';

function ci(accountId: string, region: string, id: string): ConfigurationItem {
  return { accountId, region, resourceType: 'AWS::S3::Bucket', resourceId: id } as ConfigurationItem;
}

const ITEMS = [
  ci('111111111111', 'us-east-1', 'a'),
  ci('111111111111', 'eu-west-1', 'b'),
  ci('111111111111', 'ap-south-1', 'c'),
  ci('222222222222', 'us-east-1', 'd'),
  ci('333333333333', 'us-east-1', 'e'),
  ci('444444444444', 'us-east-1', 'f'),
  ci('555555555555', 'us-east-1', 'g'),
  ci('666666666666', 'us-east-1', 'h'),
];

describe('withSnapshotRegions', () => {
  it('gives an account listed without regions every region the snapshot holds for it, and leaves the others as they are', () => {
    expect(
      withSnapshotRegions(
        [
          { accountId: '111111111111', alias: 'a' },
          { accountId: '222222222222', alias: 'b', regions: ['eu-west-1'] },
          { accountId: '999999999999', alias: 'no-data' },
        ],
        holdingsOf(ITEMS).counts,
      ),
    ).toEqual([
      { accountId: '111111111111', alias: 'a', regions: ['ap-south-1', 'eu-west-1', 'us-east-1'] },
      { accountId: '222222222222', alias: 'b', regions: ['eu-west-1'] },
      { accountId: '999999999999', alias: 'no-data' },
    ]);
  });
});

describe('notSwept', () => {
  it('counts every item no account-region sweep read, by account, region and why', () => {
    const result = notSwept({
      held: holdingsOf(ITEMS).counts,
      rejected: [
        { file: 'x.json', index: 0, accountId: '111111111111', region: 'us-east-1', error: 'missing resourceType' },
        { file: 'x.json', index: 3, accountId: '111111111111', region: 'us-east-1', error: 'missing resourceId' },
      ],
      listed: [
        { accountId: '111111111111', alias: 'a', regions: ['us-east-1', 'eu-west-1'] },
        { accountId: '222222222222', alias: 'b', regions: ['eu-west-1'] },
        { accountId: '333333333333', alias: 'c', enabled: false },
        { accountId: '444444444444', alias: 'd' },
        { accountId: '555555555555', alias: 'e' },
      ],
      collected: new Map([
        ['111111111111', ['us-east-1', 'eu-west-1']],
        ['222222222222', ['eu-west-1']],
        ['555555555555', ['us-east-1']],
      ]),
      accounts: [
        { accountId: '111111111111', alias: 'a', status: 'OK' },
        { accountId: '222222222222', alias: 'b', status: 'OK' },
        { accountId: '444444444444', alias: 'd', status: 'UNREACHABLE', error: 'invalid Accounts item: regions' },
        { accountId: '555555555555', alias: 'e', status: 'FAILED', error: 'Evaluate rules crashed' },
      ],
    });
    expect(result).toEqual([
      {
        accountId: '111111111111',
        region: 'ap-south-1',
        configurationItems: 1,
        reason: "region not in the account's regions (us-east-1, eu-west-1)",
      },
      {
        accountId: '111111111111',
        region: 'us-east-1',
        configurationItems: 2,
        reason: 'not a valid configuration item (see rejectedItems)',
      },
      {
        accountId: '222222222222',
        region: 'us-east-1',
        configurationItems: 1,
        reason: "region not in the account's regions (eu-west-1)",
      },
      {
        accountId: '333333333333',
        region: 'us-east-1',
        configurationItems: 1,
        reason: 'account disabled in the accounts list',
      },
      {
        accountId: '444444444444',
        region: 'us-east-1',
        configurationItems: 1,
        reason: 'account UNREACHABLE: invalid Accounts item: regions',
      },
      {
        accountId: '555555555555',
        region: 'us-east-1',
        configurationItems: 1,
        reason: 'account FAILED: Evaluate rules crashed',
      },
      {
        accountId: '666666666666',
        region: 'us-east-1',
        configurationItems: 1,
        reason: 'account not in the accounts list',
      },
    ]);
  });
});

describe('items of global services (region `global`, as Config records IAM)', () => {
  const items = [ci('111111111111', 'us-east-1', 'a'), ci('111111111111', 'global', 'iam')];
  const target = { accountId: '111111111111', alias: 'a', regions: ['us-east-1'] };

  it('are collected with the account in whatever regions it is swept, and are not a region of their own', async () => {
    const collected = await snapshotSource(holdingsOf(items)).collect(target);
    expect(collected.items.map((i) => i.resourceId)).toEqual(['a', 'iam']);
    expect(withSnapshotRegions([{ accountId: '111111111111', alias: 'a' }], holdingsOf(items).counts)).toEqual([
      target,
    ]);
  });

  it('count as swept when the account was swept in any region', () => {
    expect(
      notSwept({
        held: holdingsOf(items).counts,
        rejected: [],
        listed: [target],
        collected: new Map([['111111111111', ['us-east-1']]]),
        accounts: [{ accountId: '111111111111', alias: 'a', status: 'OK' } as never],
      }),
    ).toEqual([]);
  });
});
