/** Reading one CloudTrail log file (`tasks/shared/events/cloudtrail-log.ts`): gzip or plain, and each way it can be wrong. */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CloudTrailLogError,
  isDigestFile,
  isLogFileName,
  readCloudTrailLog,
} from '../../../../tasks/shared/events/cloudtrail-log';

const RECORDS = [{ eventName: 'DescribeInstances' }, { eventName: 'PutBucketPolicy' }];
const body = (bytes: Buffer | string) => Readable.from([Buffer.from(bytes)]);

describe('readCloudTrailLog', () => {
  it('gunzips a .json.gz (as a stream of chunks) and reads a plain .json', async () => {
    const gz = gzipSync(JSON.stringify({ Records: RECORDS }));
    const chunks = Readable.from([gz.subarray(0, 7), gz.subarray(7, 20), gz.subarray(20)]);
    expect(await readCloudTrailLog(chunks, 'a.json.gz')).toEqual(RECORDS);
    expect(await readCloudTrailLog(body(JSON.stringify({ Records: RECORDS })), 'a.json')).toEqual(RECORDS);
    // An S3 object read without its name: gzip said by the caller.
    expect(await readCloudTrailLog(body(gz), 'object', { gzip: true })).toEqual(RECORDS);
  });

  it('names the file and says why: not gzip, not JSON, no Records, too large', async () => {
    await expect(readCloudTrailLog(body('{"Records": []}'), 'x.json.gz')).rejects.toThrow(
      /^x\.json\.gz: not gzip data \(incorrect header check\)$/,
    );
    await expect(readCloudTrailLog(body(gzipSync('{"Records": [')), 'y.json.gz')).rejects.toThrow(
      /^y\.json\.gz: not valid JSON/,
    );
    await expect(readCloudTrailLog(body('[1, 2]'), 'z.json')).rejects.toThrow(
      'z.json: not a CloudTrail log file: it has no "Records" array',
    );
    await expect(
      readCloudTrailLog(body(gzipSync('x'.repeat(5000))), 'big.json.gz', { maxBytes: 1000 }),
    ).rejects.toThrow('big.json.gz: larger than 1000 bytes once decompressed');
    await expect(readCloudTrailLog(body('nope'), 'n.json')).rejects.toBeInstanceOf(CloudTrailLogError);
    // A truncated gzip stream is not gzip data either.
    const cut = gzipSync(JSON.stringify({ Records: RECORDS })).subarray(0, 15);
    await expect(readCloudTrailLog(body(cut), 'cut.json.gz')).rejects.toThrow(/^cut\.json\.gz: not gzip data/);
  });
});

describe('file names', () => {
  it('tells digest files (folder or name) from log files', () => {
    const log =
      'AWSLogs/o-abc/111111111111/CloudTrail/us-east-1/2026/11/21/111111111111_CloudTrail_us-east-1_20261121T0005Z_a1.json.gz';
    const digest =
      'AWSLogs/o-abc/111111111111/CloudTrail-Digest/us-east-1/2026/11/21/111111111111_CloudTrail-Digest_us-east-1_trail_us-east-1_20261121T230000Z.json.gz';
    expect([isDigestFile(log), isLogFileName(log)]).toEqual([false, true]);
    expect([isDigestFile(digest), isLogFileName(digest)]).toEqual([true, true]);
    expect(isDigestFile('x/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20261121T230000Z.json.gz')).toBe(true);
    expect(isLogFileName('AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/21/a.json')).toBe(true);
    expect(isLogFileName('notes.txt')).toBe(false);
  });
});
