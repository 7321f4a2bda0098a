/**
 * A generated day of CloudTrail logs, as an organisation trail delivers them to S3: gzipped
 * `{"Records": [...]}` files under `AWSLogs/<org-id>/<account>/CloudTrail/<region>/yyyy/mm/dd/`,
 * several files per account-region, and the trail's digest files beside them
 * (`CloudTrail-Digest/`). Deterministic: the same options write the same bytes.
 *
 * Every record is a real record of ../shared/corpus (read when generating, see its INDEX.md) with
 * its account, region, time and ids rewritten. Most are what a day is made of — read-only calls
 * (DescribeInstances, DescribeParameters, GetParameters, GetCallerIdentity) and AssumeRole — and no
 * trigger rule matches them. A known few are interesting (`INTERESTING`), each naming a resource of
 * the bundled estate (examples/estate) so the event path finds its current state: a bucket policy
 * made public, SSH opened to the world, failed console sign-ins (one of them root's), a VPC
 * created, and a security-group change that failed (matched, then ignored by the event path).
 * The tests (test/cli/trail.test.ts) and the bench (bench/trail.ts) use it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;
const DAY = '2026-11-21';
const ORG_ID = 'o-a1b2c3d4e5';

type Json = Record<string, unknown>;

function corpusRecord(file: string, index = 0): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(CORPUS, file), 'utf-8'));
  } catch (error) {
    throw new Error(`the trail generator reads its record shapes from ${CORPUS}${file}: ${(error as Error).message}`);
  }
  const record = Array.isArray(parsed) ? parsed[index] : parsed;
  return structuredClone(record) as Json;
}

/** The everyday, read-only records (no trigger rule matches any of them). */
const EVERYDAY: readonly [string, number][] = [
  ['stratus-red-team/aws.execution.ec2-user-data.json', 0], // DescribeInstances
  ['stratus-red-team/assumerole-success__from-ec2-get-password-data.json', 0], // AssumeRole
  ['stratus-red-team/aws.credential-access.ssm-retrieve-securestring-parameters.json', 0], // DescribeParameters
  ['stratus-red-team/aws.credential-access.ssm-retrieve-securestring-parameters.json', 2], // GetParameters
  ['stratus-red-team/aws.persistence.sts-federation-token.json', 1], // GetCallerIdentity
];

interface InterestingRecord {
  /** What it is, for test titles. */
  readonly what: string;
  readonly accountId: string;
  readonly region: string;
  readonly record: () => Json;
}

/** The interesting records, each on a resource of the bundled estate in its own account and region. */
const INTERESTING: readonly InterestingRecord[] = [
  {
    what: 'PutBucketPolicy granting everyone read on sandbox-public-site',
    accountId: '333333333333',
    region: 'us-east-1',
    record: () => {
      const r = corpusRecord('panther-analysis/aws_resource_made_public__s3-made-publicly-accessible.json');
      r.requestParameters = {
        bucketName: 'sandbox-public-site',
        bucketPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Public',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::sandbox-public-site/*',
            },
          ],
        },
        host: ['s3.us-east-1.amazonaws.com'],
        policy: [''],
      };
      return r;
    },
  },
  {
    what: 'AuthorizeSecurityGroupIngress opening 22 to 0.0.0.0/0 on payments-eu-bastion',
    accountId: '111111111111',
    region: 'eu-west-1',
    record: () => {
      const r = corpusRecord('stratus-red-team/aws.exfiltration.ec2-security-group-open-port-22-ingress.json');
      const group = 'sg-08505998e32e37b45';
      r.requestParameters = { ...(r.requestParameters as Json), groupId: group, cidrIp: '0.0.0.0/0' };
      const rule = ((r.responseElements as Json).securityGroupRuleSet as { items: Json[] }).items[0] as Json;
      Object.assign(rule, { groupId: group, groupOwnerId: '111111111111', cidrIpv4: '0.0.0.0/0' });
      return r;
    },
  },
  {
    what: 'ConsoleLogin failure of an IAM user',
    accountId: '222222222222',
    region: 'us-east-1',
    record: () => corpusRecord('awsdocs/consolelogin-iam-user-failure.json'),
  },
  {
    what: 'ConsoleLogin failure of the root user',
    accountId: '111111111111',
    region: 'us-east-1',
    record: () => corpusRecord('awsdocs/consolelogin-root-failure.json'),
  },
  {
    what: 'CreateVpc',
    accountId: '222222222222',
    region: 'us-east-1',
    record: () => corpusRecord('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'),
  },
  {
    what: 'AuthorizeSecurityGroupIngress that failed (RequestExpired)',
    accountId: '111111111111',
    region: 'us-east-1',
    record: () => corpusRecord('panther-analysis/aws_ec2_security_group_modified__error-mofidying-security-group.json'),
  },
];

interface TrailDayOptions {
  readonly dir: string;
  /** Records in all, interesting ones included. */
  readonly records: number;
  /**
   * How many interesting records, cycling through those of `INTERESTING` in the accounts and regions
   * written. @default one of each
   */
  readonly interesting?: number;
  /** @default ['111111111111', '222222222222', '333333333333'] (the estate's accounts) */
  readonly accounts?: readonly string[];
  /** @default ['us-east-1', 'eu-west-1'] */
  readonly regions?: readonly string[];
  /** Log files per account-region (CloudTrail writes one about every 5 minutes). @default 4 */
  readonly filesPerAccountRegion?: number;
  /** The organisation id in the path (`AWSLogs/<org>/<account>/…`); `null` for an account trail. @default ORG_ID */
  readonly orgId?: string | null;
}

interface TrailDay {
  /** Log files written, in path order. */
  readonly files: string[];
  /** Digest files written (one per account-region). */
  readonly digests: string[];
  readonly records: number;
  readonly interesting: {
    readonly what: string;
    readonly accountId: string;
    readonly region: string;
    readonly eventId: string;
  }[];
}

/** A small deterministic generator (mulberry32), so ids and choices repeat run after run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** `record` as it would be logged in `accountId`/`region` at `time`, with fresh ids. */
function placed(record: Json, accountId: string, region: string, time: Date, next: () => number): Json {
  const identity = (
    typeof record.userIdentity === 'object' && record.userIdentity !== null ? record.userIdentity : {}
  ) as Json;
  const arn = typeof identity.arn === 'string' ? identity.arn.replace(/::\d{12}:/, `::${accountId}:`) : undefined;
  return {
    ...record,
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    awsRegion: region,
    recipientAccountId: accountId,
    eventID: uuid(next),
    ...(record.requestID === undefined ? {} : { requestID: uuid(next) }),
    userIdentity: {
      ...identity,
      ...(identity.accountId === undefined ? {} : { accountId }),
      ...(arn === undefined ? {} : { arn }),
    },
  };
}

function stamp(time: Date): string {
  return time
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
    .slice(0, 14)
    .concat('Z');
}

/** Writes the day under `dir` and says what it wrote. */
function generateTrailDay(options: TrailDayOptions): TrailDay {
  const accounts = options.accounts ?? ['111111111111', '222222222222', '333333333333'];
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  const perRegion = options.filesPerAccountRegion ?? 4;
  // Only the interesting records of the accounts and regions written: each is logged where it happened.
  const candidates = INTERESTING.filter((r) => accounts.includes(r.accountId) && regions.includes(r.region));
  const interestingCount =
    candidates.length === 0 ? 0 : Math.min(options.interesting ?? candidates.length, options.records);
  const orgId = options.orgId === undefined ? ORG_ID : options.orgId;
  const next = random(20261121);
  const everyday = EVERYDAY.map(([file, index]) => corpusRecord(file, index));
  const [y, m, d] = DAY.split('-');
  const start = Date.parse(`${DAY}T00:00:00Z`);
  const fileSpan = (24 * 3600 * 1000) / perRegion;

  // Buckets of records per file: account-region × file index.
  const slots = accounts.flatMap((accountId) =>
    regions.flatMap((region) =>
      Array.from({ length: perRegion }, (_, f) => ({ accountId, region, f, records: [] as Json[] })),
    ),
  );
  const interesting: TrailDay['interesting'][number][] = [];
  for (let i = 0; i < interestingCount; i++) {
    const spec = candidates[i % candidates.length] as InterestingRecord;
    const slot = slots.filter((s) => s.accountId === spec.accountId && s.region === spec.region)[
      i % perRegion
    ] as (typeof slots)[number];
    const time = new Date(start + slot.f * fileSpan + ((i * 7919) % Math.floor(fileSpan / 1000)) * 1000);
    const record = placed(spec.record(), spec.accountId, spec.region, time, next);
    slot.records.push(record);
    interesting.push({
      what: spec.what,
      accountId: spec.accountId,
      region: spec.region,
      eventId: String(record.eventID),
    });
  }
  for (let i = 0; i < options.records - interestingCount; i++) {
    const slot = slots[i % slots.length] as (typeof slots)[number];
    const time = new Date(start + slot.f * fileSpan + Math.floor(next() * (fileSpan / 1000)) * 1000);
    const seed = everyday[Math.floor(next() * everyday.length)] as Json;
    slot.records.push(placed(seed, slot.accountId, slot.region, time, next));
  }

  const root = (accountId: string) => join(options.dir, 'AWSLogs', ...(orgId === null ? [] : [orgId]), accountId);
  const files: string[] = [];
  const digests: string[] = [];
  for (const slot of slots) {
    const time = new Date(start + slot.f * fileSpan);
    slot.records.sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
    const name = `${slot.accountId}_CloudTrail_${slot.region}_${stamp(time).slice(0, 13)}Z_${uuid(next).replace(/-/g, '').slice(0, 16)}.json.gz`;
    const file = join(root(slot.accountId), 'CloudTrail', slot.region, y as string, m as string, d as string, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, gzipSync(JSON.stringify({ Records: slot.records })));
    files.push(file);
  }
  for (const accountId of accounts) {
    for (const region of regions) {
      const name = `${accountId}_CloudTrail-Digest_${region}_organization-trail_${region}_${DAY.replace(/-/g, '')}T230000Z.json.gz`;
      const file = join(root(accountId), 'CloudTrail-Digest', region, y as string, m as string, d as string, name);
      mkdirSync(dirname(file), { recursive: true });
      const digest = {
        awsAccountId: accountId,
        digestStartTime: `${DAY}T22:00:00Z`,
        digestEndTime: `${DAY}T23:00:00Z`,
        digestS3Bucket: 'org-trail-logs',
        digestSignatureAlgorithm: 'SHA256withRSA',
        logFiles: [],
      };
      writeFileSync(file, gzipSync(JSON.stringify(digest)));
      digests.push(file);
    }
  }
  return { files: files.sort(), digests: digests.sort(), records: options.records, interesting };
}

export type { TrailDay, TrailDayOptions };
export { generateTrailDay, INTERESTING };
