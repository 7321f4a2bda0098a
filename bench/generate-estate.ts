/**
 * Writes a synthetic Config snapshot estate for benchmarks: `accounts` × `regions` snapshot files
 * of `perRegion` resources each (half S3 buckets, half EC2 instances), of which `nonCompliantRatio`
 * violate a rule. Deterministic: the same arguments write the same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface EstateSpec {
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly perRegion: number;
  /** @default 0.05 */
  readonly nonCompliantRatio?: number;
}

function accountId(i: number): string {
  return String(100000000000 + i).padStart(12, '0');
}

function bucket(account: string, region: string, i: number, bad: boolean) {
  const name = `bench-${account}-${region}-${i}`;
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-21T06:00:00.000Z',
    configurationItemStatus: 'OK',
    awsAccountId: account,
    awsRegion: region,
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    ARN: `arn:aws:s3:::${name}`,
    availabilityZone: 'Regional',
    configuration: { name, creationDate: '2024-01-01T00:00:00.000Z' },
    supplementaryConfiguration: bad
      ? {}
      : {
          ServerSideEncryptionConfiguration: {
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
          },
        },
    tags: { Owner: 'bench' },
    relationships: [],
  };
}

function instance(account: string, region: string, i: number, bad: boolean) {
  const id = `i-${(i + 0x100000000).toString(16).padStart(17, '0')}`;
  const tags = bad ? { Name: `worker-${i}` } : { Name: `worker-${i}`, Owner: 'team', CostCenter: 'cc-1' };
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-21T06:00:00.000Z',
    configurationItemStatus: 'OK',
    awsAccountId: account,
    awsRegion: region,
    resourceType: 'AWS::EC2::Instance',
    resourceId: id,
    ARN: `arn:aws:ec2:${region}:${account}:instance/${id}`,
    availabilityZone: `${region}a`,
    configuration: {
      instanceId: id,
      instanceType: 't3.micro',
      state: { code: 16, name: 'running' },
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    },
    supplementaryConfiguration: {},
    tags,
    relationships: [],
  };
}

/** Writes the estate under `dir`; returns the accounts file's path and the resource count. */
async function writeBenchEstate(dir: string, spec: EstateSpec): Promise<{ accountsFile: string; resources: number }> {
  const ratio = spec.nonCompliantRatio ?? 0.05;
  const every = Math.max(1, Math.round(1 / ratio));
  const accounts = [];
  let resources = 0;
  for (let a = 0; a < spec.accounts; a++) {
    const account = accountId(a);
    accounts.push({ accountId: account, alias: `bench-${a}`, regions: spec.regions });
    for (const region of spec.regions) {
      const items = [];
      for (let i = 0; i < spec.perRegion; i++) {
        const bad = i % every === 0;
        items.push(i % 2 === 0 ? bucket(account, region, i, bad) : instance(account, region, i, bad));
      }
      resources += items.length;
      const folder = join(dir, `AWSLogs/${account}/Config/${region}/2026/11/21/ConfigSnapshot`);
      await mkdir(folder, { recursive: true });
      const file = { fileVersion: '1.0', configSnapshotId: `bench-${a}-${region}`, configurationItems: items };
      await writeFile(
        join(folder, `${account}_Config_${region}_ConfigSnapshot_20261121T060000Z_bench.json`),
        JSON.stringify(file),
      );
    }
  }
  const accountsFile = join(dir, 'accounts.json');
  await writeFile(accountsFile, JSON.stringify(accounts));
  return { accountsFile, resources };
}

export type { EstateSpec };
export { writeBenchEstate };
