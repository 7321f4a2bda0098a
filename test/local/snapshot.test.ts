import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estateCases } from '../../examples/estate/generate';
import { readSnapshot, type SnapshotRead, SnapshotReadError } from '../../local/snapshot';
import type { ConfigurationItem } from '../../tasks/shared/model';

const ESTATE = resolve(process.cwd(), 'examples/estate/snapshot');

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ci of items) out[key(ci)] = (out[key(ci)] ?? 0) + 1;
  return out;
}

function find(items: readonly ConfigurationItem[], predicate: (ci: ConfigurationItem) => boolean): ConfigurationItem {
  const found = items.find(predicate);
  if (found === undefined) throw new Error('item not found');
  return found;
}

function sseAlgorithm(ci: ConfigurationItem): string | undefined {
  const sse = ci.supplementaryConfiguration.ServerSideEncryptionConfiguration as
    | { rules: { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[] }
    | undefined;
  return sse?.rules[0]?.applyServerSideEncryptionByDefault.sseAlgorithm;
}

async function readError(dir: string): Promise<SnapshotReadError> {
  try {
    await readSnapshot(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotReadError);
    expect((error as Error).name).toBe('SnapshotReadError');
    return error as SnapshotReadError;
  }
  throw new Error('readSnapshot did not throw');
}

describe('readSnapshot: the bundled sample estate', () => {
  let read: SnapshotRead;
  beforeAll(async () => {
    read = await readSnapshot(ESTATE);
  });

  it('reads the seven snapshot files, sorted, and skips nothing', () => {
    expect(read.files.map((f) => relative(ESTATE, f).split(/[\\/]/).join('/'))).toEqual([
      'AWSLogs/111111111111/Config/eu-west-1/2026/11/21/ConfigSnapshot/111111111111_Config_eu-west-1_ConfigSnapshot_20261121T060000Z_e4e8a518-bd72-416d-a9fe-b9dd487f92fc.json',
      'AWSLogs/111111111111/Config/us-east-1/2026/11/20/ConfigSnapshot/111111111111_Config_us-east-1_ConfigSnapshot_20261120T060000Z_75c8d598-1740-46e4-a4bd-6a83758058ce.json.gz',
      'AWSLogs/111111111111/Config/us-east-1/2026/11/21/ConfigSnapshot/111111111111_Config_us-east-1_ConfigSnapshot_20261121T060000Z_5a7add25-7441-4e21-a826-c55f287f3b18.json',
      'AWSLogs/222222222222/Config/eu-west-1/2026/11/21/ConfigSnapshot/222222222222_Config_eu-west-1_ConfigSnapshot_20261121T060000Z_bb99d8e8-ef84-4f78-a0f9-ef8338f9c79e.json.gz',
      'AWSLogs/222222222222/Config/us-east-1/2026/11/21/ConfigSnapshot/222222222222_Config_us-east-1_ConfigSnapshot_20261121T060000Z_3440e78a-be48-4a59-af71-f5b95c293ab5.json',
      'AWSLogs/333333333333/Config/eu-west-1/2026/11/21/ConfigSnapshot/333333333333_Config_eu-west-1_ConfigSnapshot_20261121T060000Z_4335bda9-2f49-4dcc-aafc-e4551c313d2a.json',
      'AWSLogs/333333333333/Config/us-east-1/2026/11/21/ConfigSnapshot/333333333333_Config_us-east-1_ConfigSnapshot_20261121T060000Z_937cb8f5-d1c2-486e-af4b-8fc7e604ef3d.json',
    ]);
    expect(read.skipped).toEqual([]);
  });

  it('holds one item per resource of the generator (76 today), per account-region and per type', () => {
    // The generator's cases are the resources of the latest (2026/11/21) snapshots, one case each; the
    // previous day's file repeats 4 of them, which the reader must drop. Counted from the cases, so a
    // new rule's estate cases do not edit this test.
    const cases = estateCases();
    expect(read.items).toHaveLength(cases.length);
    expect(countBy(read.items, (ci) => `${ci.accountId}/${ci.region}`)).toEqual(
      countBy(cases, (c) => `${c.accountId}/${c.region}`),
    );
    expect(countBy(read.items, (ci) => ci.resourceType)).toEqual(countBy(cases, (c) => c.resourceType));
    const keys = read.items.map((ci) => `${ci.accountId}|${ci.region}|${ci.resourceType}|${ci.resourceId}`);
    expect(new Set(keys).size).toBe(cases.length);
    expect(keys).toEqual([...keys].sort());
    expect([...keys].sort()).toEqual(
      cases.map((c) => `${c.accountId}|${c.region}|${c.resourceType}|${c.resourceId}`).sort(),
    );
  });

  it('reads the gzipped account-region (222222222222/eu-west-1 exists only as .json.gz)', () => {
    const eu = read.items.filter((ci) => ci.accountId === '222222222222' && ci.region === 'eu-west-1');
    // The items every estate version has there (service areas add their own cases beside them).
    expect(eu.map((ci) => `${ci.resourceType} ${ci.resourceName ?? ci.resourceId}`)).toEqual(
      expect.arrayContaining([
        'AWS::EC2::Instance i-018221657a3105617',
        'AWS::EC2::Instance i-035808ded5dabf6d9',
        'AWS::EC2::SecurityGroup analytics',
        'AWS::EC2::Subnet subnet-057415d13a1d2c066',
        'AWS::EC2::Subnet subnet-0a4ca03b0b9dbd72d',
        'AWS::EC2::VPC vpc-048f04eafc0e41f9b',
        'AWS::EC2::Volume vol-023cf782daaadf754',
        'AWS::RDS::DBInstance analytics-warehouse',
        'AWS::S3::Bucket data-platform-exports-eu',
        'AWS::S3::Bucket data-platform-lake-eu',
      ]),
    );
    expect(sseAlgorithm(find(eu, (ci) => ci.resourceId === 'data-platform-lake-eu'))).toBe('AES256');
  });

  it('de-duplicates across snapshot days, keeping the latest capture', () => {
    const receipts = find(read.items, (ci) => ci.resourceId === 'payments-prod-receipts');
    expect(receipts.captureTime).toBe('2026-11-20T10:17:45.000Z');
    expect(sseAlgorithm(receipts)).toBe('AES256');

    const worker = find(
      read.items,
      (ci) => ci.resourceType === 'AWS::EC2::Instance' && ci.tags.Name === 'settlement-worker',
    );
    expect(worker.tags).toEqual({ Name: 'settlement-worker', CostCenter: 'CC-1001' });
    expect(worker.captureTime).toBe('2026-11-20T15:42:10.000Z');

    const deleted = find(read.items, (ci) => ci.resourceId === 'payments-prod-tmp-uploads');
    expect(deleted.status).toBe('ResourceDeleted');
    expect(deleted.configuration).toEqual({});

    // The older file really holds the other states.
    const older = read.files.find((f) => f.endsWith('.json.gz') && f.includes('20261120T060000Z'));
    const body = JSON.parse(gunzipSync(readFileSync(String(older))).toString('utf8')) as {
      fileVersion: string;
      configurationItems: { resourceId: string; configurationItemStatus: string; supplementaryConfiguration: object }[];
    };
    expect(body.fileVersion).toBe('1.0');
    const oldReceipts = body.configurationItems.find((c) => c.resourceId === 'payments-prod-receipts');
    expect(oldReceipts?.supplementaryConfiguration).not.toHaveProperty('ServerSideEncryptionConfiguration');
    const oldUploads = body.configurationItems.find((c) => c.resourceId === 'payments-prod-tmp-uploads');
    expect(oldUploads?.configurationItemStatus).toBe('OK');
  });

  it('has no data for the legacy-archive account', () => {
    expect(read.items.some((ci) => ci.accountId === '444444444444')).toBe(false);
  });
});

describe('readSnapshot: files in a temporary tree', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-snapshot-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(path: string, content: string | Buffer): string {
    const target = join(dir, path);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, content);
    return target;
  }

  function bucket(name: string, capture: string, sse: string | null, status = 'OK'): Record<string, unknown> {
    return {
      configurationItemVersion: '1.3',
      configurationItemCaptureTime: capture,
      awsAccountId: '123456789012',
      configurationItemStatus: status,
      resourceType: 'AWS::S3::Bucket',
      resourceId: name,
      resourceName: name,
      ARN: `arn:aws:s3:::${name}`,
      awsRegion: 'us-east-1',
      configuration: { name },
      supplementaryConfiguration:
        sse === null
          ? {}
          : {
              ServerSideEncryptionConfiguration: JSON.stringify({
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: sse } }],
              }),
            },
      tags: {},
      relationships: [],
    };
  }

  function snapshot(items: unknown[]): string {
    return JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'id', configurationItems: items });
  }

  it('finds .json and .json.gz recursively, skips other JSON with why, ignores other files', async () => {
    const a = write(
      'AWSLogs/123456789012/Config/us-east-1/2026/11/21/ConfigSnapshot/a.json',
      snapshot([bucket('a', '2026-11-20T00:00:00Z', 'AES256')]),
    );
    const b = write(
      'AWSLogs/123456789012/Config/us-east-1/2026/11/21/ConfigSnapshot/b.json.gz',
      gzipSync(snapshot([bucket('b', '2026-11-20T00:00:00Z', null)])),
    );
    const accounts = write('accounts.json', JSON.stringify([{ accountId: '123456789012', alias: 'x' }]));
    const other = write('notes/other.json', JSON.stringify({ hello: 'world' }));
    const noVersion = write('history/api.json', JSON.stringify({ configurationItems: [] }));
    write('README.txt', 'not json');
    write('AWSLogs/123456789012/Config/ConfigWritabilityCheckFile', '');

    const read = await readSnapshot(dir);
    expect(read.files).toEqual([a, b]);
    expect(read.items.map((ci) => [ci.resourceId, sseAlgorithm(ci) ?? null])).toEqual([
      ['a', 'AES256'],
      ['b', null],
    ]);
    expect(read.skipped).toEqual([
      {
        file: accounts,
        reason:
          'not an AWS Config snapshot or history file (a JSON array, not an object with fileVersion and configurationItems)',
      },
      { file: noVersion, reason: 'not an AWS Config snapshot or history file (no fileVersion)' },
      {
        file: other,
        reason: 'not an AWS Config snapshot or history file (no fileVersion and configurationItems list)',
      },
    ]);
  });

  it('keeps the latest captureTime whatever the file order; on a tie the later file wins', async () => {
    // z.json sorts last but holds the OLDER capture of "x".
    write(
      'a.json',
      snapshot([bucket('x', '2026-11-21T05:00:00Z', 'aws:kms'), bucket('tie', '2026-11-01T00:00:00Z', null)]),
    );
    write(
      'z.json',
      snapshot([bucket('x', '2026-11-19T05:00:00Z', null), bucket('tie', '2026-11-01T00:00:00Z', 'AES256')]),
    );
    const read = await readSnapshot(dir);
    const x = find(read.items, (ci) => ci.resourceId === 'x');
    expect(x.captureTime).toBe('2026-11-21T05:00:00.000Z');
    expect(sseAlgorithm(x)).toBe('aws:kms');
    expect(sseAlgorithm(find(read.items, (ci) => ci.resourceId === 'tie'))).toBe('AES256');
    expect(read.items).toHaveLength(2);
  });

  it('keeps the same resource apart in different regions or accounts', async () => {
    const other = { ...bucket('same', '2026-11-20T00:00:00Z', null), awsRegion: 'eu-west-1' };
    write('a.json', snapshot([bucket('same', '2026-11-20T00:00:00Z', null), other]));
    const read = await readSnapshot(dir);
    expect(read.items.map((ci) => ci.region)).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('reads a history file (no configSnapshotId), a gzipped file named .json and a UTF-8 BOM', async () => {
    write(
      'h.json',
      JSON.stringify({ fileVersion: '1.0', configurationItems: [bucket('h', '2026-11-20T00:00:00Z', null)] }),
    );
    write('g.json', gzipSync(snapshot([bucket('g', '2026-11-20T00:00:00Z', null)])));
    write('bom.json', `\uFEFF${snapshot([bucket('bom', '2026-11-20T00:00:00Z', null)])}`);
    const read = await readSnapshot(dir);
    expect(read.items.map((ci) => ci.resourceId)).toEqual(['bom', 'g', 'h']);
  });

  it('an empty directory reads as nothing', async () => {
    expect(await readSnapshot(dir)).toEqual({ items: [], files: [], skipped: [], rejected: [] });
  });

  it('corrupt gzip -> SnapshotReadError naming the file', async () => {
    const gz = gzipSync(snapshot([bucket('a', '2026-11-20T00:00:00Z', null)]));
    const file = write('broken.json.gz', gz.subarray(0, gz.length - 12));
    const error = await readError(dir);
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: is not valid gzip (`)).toBe(true);
  });

  it('a .json.gz that is not gzip at all -> SnapshotReadError', async () => {
    const file = write('plain.json.gz', snapshot([]));
    const error = await readError(dir);
    expect(error.message.startsWith(`${file}: is not valid gzip (`)).toBe(true);
  });

  it('bad JSON -> SnapshotReadError naming the file', async () => {
    const file = write('deep/dir/bad.json', '{"fileVersion": "1.0", "configurationItems": [');
    const error = await readError(dir);
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: is not valid JSON (`)).toBe(true);
  });

  it('a malformed configuration item is rejected, attributed to its account-region; the rest of the file is read', async () => {
    const bad = { ...bucket('b', '2026-11-20T00:00:00Z', null), awsAccountId: undefined };
    const notAnItem = 42;
    const file = write(
      'AWSLogs/123456789012/Config/eu-west-1/2026/11/21/ConfigSnapshot/s.json',
      snapshot([bucket('a', '2026-11-20T00:00:00Z', null), bad, notAnItem, bucket('c', '2026-11-20T00:00:00Z', null)]),
    );
    const read = await readSnapshot(dir);
    expect(read.items.map((ci) => ci.resourceId)).toEqual(['a', 'c']);
    expect(read.files).toEqual([file]);
    expect(read.rejected).toEqual([
      {
        file,
        index: 1,
        // The item names its region; its account comes from the AWSLogs/<account>/Config/<region>/ path.
        accountId: '123456789012',
        region: 'us-east-1',
        error: 'configuration item (AWS::S3::Bucket b) is missing awsAccountId/accountId',
      },
      { file, index: 2, accountId: '123456789012', region: 'eu-west-1', error: expect.any(String) },
    ]);
  });

  it('a file whose fileVersion is not a string is skipped, saying so', async () => {
    const file = write(
      'n.json',
      JSON.stringify({ fileVersion: 1, configurationItems: [bucket('n', '2026-11-20T00:00:00Z', null)] }),
    );
    const read = await readSnapshot(dir);
    expect(read.items).toEqual([]);
    expect(read.skipped).toEqual([
      { file, reason: 'not an AWS Config snapshot or history file (fileVersion is a number, not a string)' },
    ]);
  });

  it('streams: no text chunk handed to the parser is longer than the chunk size, .json and .json.gz alike', async () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      bucket(`bucket-\u00e9-"quoted"-\\-${i}`, '2026-11-20T00:00:00Z', i % 2 === 0 ? 'AES256' : null),
    );
    const text = snapshot(many);
    write('plain.json', text);
    write('zipped.json.gz', gzipSync(text.replaceAll('bucket-', 'zipped-')));
    const texts: string[] = [];
    const read = await readSnapshot(dir, { chunkBytes: 64, onText: (t) => texts.push(t) });
    expect(read.items).toHaveLength(400);
    expect(read.items.map((ci) => ci.resourceId)).toContain('bucket-\u00e9-"quoted"-\\-7');
    expect(sseAlgorithm(find(read.items, (ci) => ci.resourceId === 'zipped-\u00e9-"quoted"-\\-8'))).toBe('AES256');
    // The whole text went through the parser, never more than one chunk at a time.
    expect(texts.join('').length).toBe(2 * text.length);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(64);
    expect(texts.length).toBeGreaterThan((2 * text.length) / 64);
  });

  it('reads the sample estate the same with tiny chunks (keys, strings and escapes split across chunks)', async () => {
    const whole = await readSnapshot(ESTATE);
    const chunked = await readSnapshot(ESTATE, { chunkBytes: 7 });
    expect(chunked).toEqual(whole);
  });

  it('data after the top-level object, or an unterminated file -> SnapshotReadError naming the file', async () => {
    const file = write('trailing.json', `${snapshot([])} {}`);
    expect((await readError(dir)).message.startsWith(`${file}: is not valid JSON (`)).toBe(true);
    rmSync(file);
    const cut = write('cut.json', snapshot([bucket('a', '2026-11-20T00:00:00Z', null)]).slice(0, -3));
    expect((await readError(dir)).message.startsWith(`${cut}: is not valid JSON (`)).toBe(true);
  });

  it('missing directory, or a file instead of a directory -> SnapshotReadError', async () => {
    const missing = join(dir, 'nope');
    const error = await readError(missing);
    expect(error.file).toBe(missing);
    expect(error.message).toMatch(/^.*nope: snapshot directory cannot be read \(ENOENT/);
    const file = write('file.json', snapshot([]));
    expect((await readError(file)).message).toBe(`${file}: is not a directory`);
  });
});
