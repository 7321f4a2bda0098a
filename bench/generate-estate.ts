/**
 * Writes a synthetic Config snapshot estate for benchmarks: `accounts` × `regions` snapshot files
 * of `perRegion` resources each: 40 % S3 buckets, 40 % EC2 instances, 20 % EBS volumes. 5 % of the
 * resources are non-compliant, 1 % with a rule that remediates (a bucket without default encryption,
 * an instance without its required tags: every 200th resource and the 102nd of each 200) and 4 % with
 * a rule that notifies (an unencrypted volume: every 25th resource, from the 5th). Every other
 * bucket has default encryption and all four public-access-block settings, every other instance
 * the required tags, every other volume encryption. Deterministic: the same arguments write the
 * same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface EstateSpec {
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly perRegion: number;
}

/** The i-th resource of a region: what it is, and whether (and how) it breaks a rule. */
function kindOf(i: number): { type: 'bucket' | 'instance' | 'volume'; remediable: boolean; notifiable: boolean } {
  const slot = i % 5;
  const type = slot < 2 ? 'bucket' : slot < 4 ? 'instance' : 'volume';
  return { type, remediable: i % 200 === 0 || i % 200 === 102, notifiable: i % 25 === 4 };
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
    supplementaryConfiguration: {
      ...(bad
        ? {}
        : {
            ServerSideEncryptionConfiguration: {
              rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
            },
          }),
      PublicAccessBlockConfiguration: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
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

function volume(account: string, region: string, i: number, bad: boolean) {
  const id = `vol-${(i + 0x100000000).toString(16).padStart(17, '0')}`;
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-21T06:00:00.000Z',
    configurationItemStatus: 'OK',
    awsAccountId: account,
    awsRegion: region,
    resourceType: 'AWS::EC2::Volume',
    resourceId: id,
    ARN: `arn:aws:ec2:${region}:${account}:volume/${id}`,
    availabilityZone: `${region}a`,
    configuration: { volumeId: id, size: 8, state: 'in-use', volumeType: 'gp3', encrypted: !bad, attachments: [] },
    supplementaryConfiguration: {},
    tags: { Owner: 'team' },
    relationships: [],
  };
}

/** Writes the estate under `dir`; returns the accounts file's path and the resource count. */
async function writeBenchEstate(dir: string, spec: EstateSpec): Promise<{ accountsFile: string; resources: number }> {
  const accounts = [];
  let resources = 0;
  for (let a = 0; a < spec.accounts; a++) {
    const account = accountId(a);
    accounts.push({
      accountId: account,
      alias: `bench-${a}`,
      owner: `team-${a % 50}@example.com`,
      regions: spec.regions,
    });
    for (const region of spec.regions) {
      const items = [];
      for (let i = 0; i < spec.perRegion; i++) {
        const k = kindOf(i);
        if (k.type === 'bucket') items.push(bucket(account, region, i, k.remediable));
        else if (k.type === 'instance') items.push(instance(account, region, i, k.remediable));
        else items.push(volume(account, region, i, k.notifiable));
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
