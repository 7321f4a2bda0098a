/** The streamed offline input: an index of the snapshot files that reads an account only when asked. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLocalSweep } from '../../local/run-sweep';
import { readSnapshot } from '../../local/snapshot';
import { indexSnapshot } from '../../local/snapshot-index';
import { accounts, exemptions, NOW } from '../support/sample-estate';

const ESTATE = resolve(process.cwd(), 'examples/estate/snapshot');

function bucket(account: string, region: string, name: string, captureTime: string, extra: object = {}) {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: captureTime,
    configurationItemStatus: 'OK',
    awsAccountId: account,
    awsRegion: region,
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    ARN: `arn:aws:s3:::${name}`,
    configuration: { name },
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
    ...extra,
  };
}

describe('indexSnapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-index-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(path: string, body: unknown): string {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, JSON.stringify(body));
    return full;
  }

  it('counts distinct resources per account-region, keeps files, skipped files and rejected items as readSnapshot does', async () => {
    const a = '111111111111';
    const b = '222222222222';
    file(`AWSLogs/${a}/Config/us-east-1/day1.json`, {
      fileVersion: '1.0',
      configurationItems: [
        bucket(a, 'us-east-1', 'x', '2026-11-20T00:00:00Z'),
        bucket(a, 'us-east-1', 'y', '2026-11-20T00:00:00Z'),
      ],
    });
    // The next day's file holds x again (newer) and a global item of the same account.
    file(`AWSLogs/${a}/Config/us-east-1/day2.json`, {
      fileVersion: '1.0',
      configurationItems: [
        bucket(a, 'us-east-1', 'x', '2026-11-21T00:00:00Z', { tags: { Owner: 'new' } }),
        { ...bucket(a, 'global', 'role', '2026-11-21T00:00:00Z'), resourceType: 'AWS::IAM::Role' },
        { awsAccountId: a, awsRegion: 'us-east-1' },
      ],
    });
    file(`AWSLogs/${b}/Config/eu-west-1/day1.json`, {
      fileVersion: '1.0',
      configurationItems: [bucket(b, 'eu-west-1', 'z', '2026-11-21T00:00:00Z')],
    });
    file('notes/other.json', { hello: 'world' });

    const index = await indexSnapshot(dir);
    const read = await readSnapshot(dir);
    expect(index.files).toEqual(read.files);
    expect(index.skipped).toEqual(read.skipped);
    expect(index.rejected).toEqual(read.rejected);
    expect(index.itemCount).toBe(read.items.length);
    expect(index.itemCount).toBe(4);
    expect(Object.fromEntries([...index.counts].map(([k, v]) => [k, Object.fromEntries(v)]))).toEqual({
      [a]: { 'us-east-1': 2, global: 1 },
      [b]: { 'eu-west-1': 1 },
    });
    const items = await index.read(a, ['us-east-1']);
    expect(items).toEqual(read.items.filter((ci) => ci.accountId === a));
    expect(items.find((ci) => ci.resourceId === 'x')?.tags).toEqual({ Owner: 'new' });
    // Not swept in any region: no global items either.
    expect(await index.read(a, [])).toEqual([]);
  });

  it('reads, for an account, only the files that hold it', async () => {
    const a = '111111111111';
    const b = '222222222222';
    file(`AWSLogs/${a}/Config/us-east-1/s.json`, {
      fileVersion: '1.0',
      configurationItems: [bucket(a, 'us-east-1', 'only-a', '2026-11-21T00:00:00Z')],
    });
    file(`AWSLogs/${b}/Config/us-east-1/s.json`, {
      fileVersion: '1.0',
      configurationItems: [bucket(b, 'us-east-1', 'only-b', '2026-11-21T00:00:00Z')],
    });
    const texts: string[] = [];
    const index = await indexSnapshot(dir, { onText: (t) => texts.push(t) });
    texts.length = 0;
    const items = await index.read(b, ['us-east-1']);
    expect(items.map((ci) => ci.resourceId)).toEqual(['only-b']);
    expect(texts.join('')).toContain('only-b');
    expect(texts.join('')).not.toContain('only-a');
  });
});

describe('indexSnapshot: one file holding many accounts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-index-big-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const accountsOf = ['111111111111', '222222222222', '333333333333'];
  function write(tagValue: string): string {
    const items = accountsOf.flatMap((a) =>
      [0, 1, 2].map((i) => bucket(a, 'us-east-1', `b-${a}-${i}`, '2026-11-21T00:00:00Z', { tags: { Team: tagValue } })),
    );
    const path = join(dir, 'all.json');
    writeFileSync(path, JSON.stringify({ fileVersion: '1.0', configurationItems: items }));
    return path;
  }

  it('reads an account only from the bytes of its items (one run per account), and reads the same items as readSnapshot', async () => {
    const path = write('plain');
    const index = await indexSnapshot(dir);
    expect([...(index.rangesOf.get(path)?.keys() ?? [])]).toEqual(accountsOf);
    expect(index.rangesOf.get(path)?.get('222222222222')).toHaveLength(1);
    const texts: string[] = [];
    const items = await indexSnapshot(dir, { onText: (t) => texts.push(t) }).then(async (i) => {
      texts.length = 0;
      return i.read('222222222222', ['us-east-1']);
    });
    const read = await readSnapshot(dir);
    expect(items).toEqual(read.items.filter((ci) => ci.accountId === '222222222222'));
    expect(items).toHaveLength(3);
    const seen = texts.join('');
    expect(seen).toContain('b-222222222222-0');
    expect(seen).not.toContain('b-111111111111');
    expect(seen).not.toContain('b-333333333333');
  });

  it('reads a file whose characters are not all one byte whole, with the same result', async () => {
    const path = write('équipe');
    const index = await indexSnapshot(dir);
    expect(index.rangesOf.has(path)).toBe(false);
    const read = await readSnapshot(dir);
    expect(await index.read('333333333333', ['us-east-1'])).toEqual(
      read.items.filter((ci) => ci.accountId === '333333333333'),
    );
  });
});

describe('runLocalSweep on an index', () => {
  it('reports what the same sweep on the items already read reports', async () => {
    const run = async (input: 'items' | 'index') =>
      runLocalSweep({
        ...(input === 'items'
          ? { items: (await readSnapshot(ESTATE)).items }
          : { items: [], snapshot: await indexSnapshot(ESTATE) }),
        accounts,
        exemptions,
        now: NOW,
        executionName: 'sweep-index-test',
      });
    const [fromItems, fromIndex] = [await run('items'), await run('index')];
    expect(fromIndex.execution.status).toBe('SUCCEEDED');
    expect(fromIndex.report?.findings.length).toBeGreaterThan(0);
    // Everything but the wall-clock start of each execution.
    const same = (r: typeof fromIndex.report) => ({ ...r, execution: { ...r?.execution, startedAt: undefined } });
    expect(same(fromIndex.report)).toEqual(same(fromItems.report));
    expect(fromIndex.ledger.length).toBe(fromItems.ledger.length);
  }, 60_000);
});
