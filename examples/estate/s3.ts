/**
 * The S3 area's cases in the sample estate: extra buckets for the public read/write (S3.2/S3.3),
 * SSL-only (S3.5), server access logging (S3.9) and versioning (S3.14) rules, in the shape Config
 * delivers them in snapshot files (supplementary values as objects, `AccessControlList` as a JSON
 * string, `BucketPolicy.policyText` a JSON string or `null`). The accounts read as they do elsewhere
 * in the estate: payments-prod is well configured, data-platform mixed (its account-level block
 * neutralises an old public policy), sandbox sloppy (its account block ignores public ACLs but does not
 * restrict public policies). The account-level block items themselves are in `./generate.ts`.
 */
import {
  canonicalUserId,
  configurationItem,
  DATA,
  type Json,
  PAYMENTS,
  type Resource,
  SANDBOX,
  type Tags,
} from './kit';

const READ = 's3-bucket-no-public-read';
const WRITE = 's3-bucket-no-public-write';
const SSL = 's3-bucket-ssl-only';
const LOGGING = 's3-bucket-logging';
const VERSIONING = 's3-bucket-versioning';

type Grant = readonly [grantee: 'AllUsers' | 'AuthenticatedUsers' | 'LogDelivery', permission: string];

interface Bucket {
  readonly name: string;
  readonly createdAt: string;
  readonly captureTime: string;
  /** Statements of the bucket policy; none = no policy (`policyText: null`). */
  readonly statements?: readonly Json[];
  /** Grants beyond the owner's FullControl. */
  readonly grants?: readonly Grant[];
  /** Server access logs target: `[bucket, prefix]`. */
  readonly logsTo?: readonly [string, string];
  readonly versioning: 'Enabled' | 'Suspended' | 'Off';
  readonly blockAll?: boolean;
  readonly tags: Tags;
}

const arnOf = (name: string) => `arn:aws:s3:::${name}`;

/** The statement s3-bucket-ssl-only looks for, as CDK's `enforceSSL: true` writes it. */
function denyInsecureTransport(name: string): Json {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [arnOf(name), `${arnOf(name)}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

function publicStatement(sid: string, actions: readonly string[], name: string): Json {
  return { Sid: sid, Effect: 'Allow', Principal: '*', Action: [...actions], Resource: `${arnOf(name)}/*` };
}

function bucketItem(accountId: string, region: string, b: Bucket): Json {
  const owner = canonicalUserId(accountId);
  const supplementary: Json = {
    AccessControlList: JSON.stringify({
      grantSet: null,
      grantList: [
        { grantee: { id: owner, displayName: null }, permission: 'FullControl' },
        ...(b.grants ?? []).map(([grantee, permission]) => ({ grantee, permission })),
      ],
      owner: { displayName: null, id: owner },
      isRequesterCharged: false,
    }),
    BucketAccelerateConfiguration: { status: null },
    BucketLoggingConfiguration: {
      destinationBucketName: b.logsTo?.[0] ?? null,
      logFilePrefix: b.logsTo?.[1] ?? null,
    },
    BucketNotificationConfiguration: { configurations: {} },
    BucketPolicy: {
      policyText:
        b.statements === undefined ? null : JSON.stringify({ Version: '2012-10-17', Statement: b.statements }),
    },
    BucketVersioningConfiguration: { status: b.versioning, isMfaDeleteEnabled: null },
    IsRequesterPaysEnabled: false,
    BucketTaggingConfiguration: { tagSets: [{ tags: b.tags }] },
    ServerSideEncryptionConfiguration: {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256', kmsMasterKeyID: null },
          bucketKeyEnabled: false,
        },
      ],
    },
  };
  if (b.blockAll === true) {
    supplementary.PublicAccessBlockConfiguration = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
  }
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::S3::Bucket',
    resourceId: b.name,
    resourceName: b.name,
    arn: arnOf(b.name),
    availabilityZone: 'Regional',
    captureTime: b.captureTime,
    createdAt: b.createdAt,
    configuration: { name: b.name, owner: { displayName: null, id: owner }, creationDate: b.createdAt },
    supplementaryConfiguration: supplementary,
    tags: b.tags,
  });
}

function resource(
  accountId: string,
  region: string,
  b: Bucket,
  note: string,
  expect: Record<string, string>,
): Resource {
  return { ci: bucketItem(accountId, region, b), label: b.name, note, expect, previous: 'same' };
}

function payments(region: string): Resource[] {
  if (region !== 'us-east-1') return [];
  const owner = { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' };
  const evidence = 'payments-prod-audit-evidence';
  const logs = 'payments-prod-access-logs';
  return [
    resource(
      PAYMENTS,
      region,
      {
        name: evidence,
        createdAt: '2022-02-14T09:30:00.000Z',
        captureTime: '2026-10-02T08:00:00.000Z',
        statements: [denyInsecureTransport(evidence)],
        logsTo: [logs, `${evidence}/`],
        versioning: 'Enabled',
        blockAll: true,
        tags: { ...owner, DataClass: 'confidential' },
      },
      'TLS-only policy, access logs to payments-prod-access-logs, versioned, all four blocks on',
      {
        [READ]: 'COMPLIANT',
        [WRITE]: 'COMPLIANT',
        [SSL]: 'COMPLIANT',
        [LOGGING]: 'COMPLIANT',
        [VERSIONING]: 'COMPLIANT',
      },
    ),
    resource(
      PAYMENTS,
      region,
      {
        name: logs,
        createdAt: '2022-02-14T09:25:00.000Z',
        captureTime: '2026-10-02T08:00:00.000Z',
        statements: [denyInsecureTransport(logs)],
        grants: [
          ['LogDelivery', 'Write'],
          ['LogDelivery', 'ReadAcp'],
        ],
        versioning: 'Enabled',
        blockAll: true,
        tags: owner,
      },
      "the account's access-log target: the S3 log delivery group may write (not public); it logs nowhere itself",
      {
        [WRITE]: 'COMPLIANT (a LogDelivery grant is not public)',
        [LOGGING]: 'NON_COMPLIANT → NOTIFY (a log target bucket does not log its own access)',
      },
    ),
  ];
}

function data(region: string): Resource[] {
  const owner = { Owner: 'data-engineering@example.com', CostCenter: 'CC-2040' };
  if (region !== 'us-east-1') return [];
  const openData = 'data-platform-open-data';
  const staging = 'data-platform-etl-staging';
  return [
    resource(
      DATA,
      region,
      {
        name: openData,
        createdAt: '2020-09-01T12:00:00.000Z',
        captureTime: '2026-08-19T15:42:10.000Z',
        statements: [publicStatement('PublicRead', ['s3:GetObject'], openData)],
        logsTo: ['data-platform-access-logs', `${openData}/`],
        versioning: 'Off',
        tags: { ...owner, DataClass: 'public' },
      },
      'an old public-read policy, neutralised by the account-level RestrictPublicBuckets; no TLS-only statement',
      {
        [READ]: 'COMPLIANT (the public GetObject statement is restricted by the account-level block)',
        [SSL]: 'NON_COMPLIANT → NOTIFY (no statement denies aws:SecureTransport false)',
        [VERSIONING]: 'NON_COMPLIANT → NOTIFY (versioning never enabled)',
      },
    ),
    resource(
      DATA,
      region,
      {
        name: staging,
        createdAt: '2023-03-07T06:10:00.000Z',
        captureTime: '2026-11-02T03:00:00.000Z',
        // Denies plain HTTP for object reads only: writes and listings over HTTP still pass.
        statements: [{ ...denyInsecureTransport(staging), Action: 's3:GetObject', Resource: `${arnOf(staging)}/*` }],
        versioning: 'Suspended',
        tags: owner,
      },
      'versioning suspended to save storage; the TLS deny covers GetObject only',
      {
        [SSL]: 'NON_COMPLIANT → NOTIFY (the deny covers s3:GetObject, not s3:*)',
        [LOGGING]: 'NON_COMPLIANT → NOTIFY',
        [VERSIONING]: 'NON_COMPLIANT → NOTIFY (versioning suspended; the remediation is disruptive, so it is not run)',
      },
    ),
  ];
}

function sandbox(region: string): Resource[] {
  if (region !== 'us-east-1') return [];
  const owner = { Owner: 'cloud-enablement@example.com' };
  const dropbox = 'sandbox-partner-dropbox';
  return [
    resource(
      SANDBOX,
      region,
      {
        name: dropbox,
        createdAt: '2024-11-11T11:11:00.000Z',
        captureTime: '2026-03-30T17:45:00.000Z',
        statements: [publicStatement('PartnerUploads', ['s3:PutObject'], dropbox)],
        grants: [
          ['AllUsers', 'Read'],
          ['AllUsers', 'Write'],
        ],
        versioning: 'Off',
        tags: owner,
      },
      'anyone may upload (policy); its public-read-write ACL is ignored by the account-level IgnorePublicAcls (sandbox-public-site is the public-read case)',
      {
        [READ]: 'COMPLIANT (the AllUsers ACL grants are ignored at account level; the policy grants no read)',
        [WRITE]: 'NON_COMPLIANT → NOTIFY (public PutObject policy)',
      },
    ),
  ];
}

/** The S3 area's buckets in one account-region of the estate. */
function s3Cases(accountId: string, region: string): Resource[] {
  if (accountId === PAYMENTS) return payments(region);
  if (accountId === DATA) return data(region);
  if (accountId === SANDBOX) return sandbox(region);
  return [];
}

export { s3Cases };
