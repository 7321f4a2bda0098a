/**
 * Writes configuration items as AWS Config delivers snapshots to S3, so a live collection can be
 * replayed offline with `warden sweep --snapshot DIR` (local/snapshot.ts reads them back):
 * `AWSLogs/<account>/Config/<region>/<yyyy>/<m>/<d>/ConfigSnapshot/<account>_Config_<region>_ConfigSnapshot_<time>_<id>.json.gz`,
 * each `{"fileVersion":"1.0","configSnapshotId":…,"configurationItems":[…]}` in the 1.3 flavour.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { ConfigurationItem } from '../tasks/shared/model';

const gzipAsync = promisify(gzip);

/** One item as Config writes it in a snapshot file (1.3 flavour: `awsAccountId`, `ARN`, relationships `name`). */
function toSnapshotItem(ci: ConfigurationItem, capturedAt: string): Record<string, unknown> {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: ci.captureTime ?? capturedAt,
    configurationItemStatus: ci.status,
    awsAccountId: ci.accountId,
    awsRegion: ci.region,
    ...(ci.availabilityZone !== undefined ? { availabilityZone: ci.availabilityZone } : {}),
    resourceType: ci.resourceType,
    resourceId: ci.resourceId,
    ...(ci.resourceName !== undefined ? { resourceName: ci.resourceName } : {}),
    ARN: ci.arn,
    configuration: ci.configuration,
    supplementaryConfiguration: ci.supplementaryConfiguration,
    tags: ci.tags,
    relationships: ci.relationships,
    // Not Config's: what the collector could not read, so a replay yields ERROR findings, never compliant ones.
    ...(ci.unknown !== undefined ? { unknown: ci.unknown } : {}),
  };
}

/** The path Config would deliver this account-region's snapshot at `at` under. */
function snapshotPath(accountId: string, region: string, at: Date, id: string): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join(
    'AWSLogs',
    accountId,
    'Config',
    region,
    String(at.getUTCFullYear()),
    String(at.getUTCMonth() + 1),
    String(at.getUTCDate()),
    'ConfigSnapshot',
    `${accountId}_Config_${region}_ConfigSnapshot_${stamp}_${id}.json.gz`,
  );
}

/** Writes one file per account and region; returns the files written (relative to `dir`), sorted. */
async function writeSnapshot(dir: string, items: readonly ConfigurationItem[], at = new Date()): Promise<string[]> {
  const groups = new Map<string, ConfigurationItem[]>();
  for (const ci of items) {
    const key = `${ci.accountId}\u0000${ci.region}`;
    groups.set(key, [...(groups.get(key) ?? []), ci]);
  }
  const written: string[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [accountId = '', region = ''] = key.split('\u0000');
    const id = randomUUID();
    const path = snapshotPath(accountId, region, at, id);
    const file = {
      fileVersion: '1.0',
      configSnapshotId: id,
      configurationItems: group.map((ci) => toSnapshotItem(ci, at.toISOString())),
    };
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), await gzipAsync(JSON.stringify(file)));
    written.push(path);
  }
  return written;
}

export { snapshotPath, toSnapshotItem, writeSnapshot };
