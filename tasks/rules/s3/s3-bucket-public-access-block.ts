/**
 * s3-bucket-public-access-block: every bucket has S3 Block Public Access on, all four settings, either
 * at bucket level or at account level (S3 applies the most restrictive combination of the two, so
 * either one with all four settings blocks public access). Remediation: PutPublicAccessBlock on the
 * bucket, all four true.
 *
 * Reads what AWS Config records (awslabs/aws-config-resource-schema):
 * `AWS::S3::Bucket` `supplementaryConfiguration.PublicAccessBlockConfiguration.{blockPublicAcls,
 * ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets}` and the account's
 * `AWS::S3::AccountPublicAccessBlock` `configuration.{…same four…}` (through the evaluation context).
 *
 * Length: remediating, over 160 lines: two levels (bucket and account), each configured, absent or
 * unknown, judged together as S3 combines them.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError, UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, newest } from '../ci-values';
import { defineRule, type EvaluationContext } from '../rule';

const ACCOUNT_PAB_TYPE = 'AWS::S3::AccountPublicAccessBlock';
const SETTINGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;
type Setting = (typeof SETTINGS)[number];
/** Each setting's value; `null` = not configured (S3 treats an absent setting as false). */
type Settings = Record<Setting, boolean | null>;

const parameters = z
  .object({
    /**
     * Whether all four settings on at account level (S3 account-level Block Public Access) make every
     * bucket of the account compliant, as S3 enforces them. @default true
     */
    acceptAccountLevel: z.boolean().default(true),
  })
  .strict();

type S3BucketPublicAccessBlockParams = z.infer<typeof parameters>;

/** What one level (bucket or account) says. */
type Level =
  | { readonly kind: 'settings'; readonly settings: Settings }
  | { readonly kind: 'absent'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

function settingsOf(value: Record<string, unknown>): Settings {
  const out = {} as Settings;
  for (const setting of SETTINGS) out[setting] = booleanOf(value[setting]) ?? null;
  return out;
}

function allOn(settings: Settings): boolean {
  return SETTINGS.every((s) => settings[s] === true);
}

function offSettings(settings: Settings): Setting[] {
  return SETTINGS.filter((s) => settings[s] !== true);
}

function bucketLevel(ci: ConfigurationItem): Level {
  const why = ci.unknown?.PublicAccessBlockConfiguration;
  if (why !== undefined) return { kind: 'unknown', why };
  const value = ci.supplementaryConfiguration.PublicAccessBlockConfiguration;
  if (value === undefined || value === null) return { kind: 'absent', why: 'no bucket-level public access block' };
  if (!isRecord(value)) {
    throw new InvalidInputError(
      `${ci.arn}: supplementaryConfiguration.PublicAccessBlockConfiguration is not an object (was the CI normalized?)`,
    );
  }
  return { kind: 'settings', settings: settingsOf(value) };
}

function accountLevel(ci: ConfigurationItem, context: EvaluationContext | undefined): Level {
  if (context === undefined) {
    return { kind: 'unknown', why: 'no evaluation context: the account-level block was not looked up' };
  }
  const item = newest(context.related(ACCOUNT_PAB_TYPE).filter((c) => !isGone(c)));
  if (item === undefined) {
    return {
      kind: 'absent',
      why: `no ${ACCOUNT_PAB_TYPE} item for account ${ci.accountId} (not configured, or not recorded)`,
    };
  }
  const why = item.unknown?.configuration ?? item.unknown?.PublicAccessBlockConfiguration;
  if (why !== undefined) return { kind: 'unknown', why };
  return { kind: 'settings', settings: settingsOf(item.configuration) };
}

function describeLevel(name: string, level: Level): string {
  if (level.kind === 'absent') return `${name}: not configured`;
  if (level.kind === 'unknown') return `${name}: unknown (${level.why})`;
  const off = offSettings(level.settings);
  return off.length === 0 ? `${name}: all four on` : `${name}: ${off.join(', ')} off`;
}

function evidenceOf(bucket: Level, account: Level): Record<string, unknown> {
  const show = (level: Level) => (level.kind === 'settings' ? level.settings : level.kind);
  return { bucketLevel: show(bucket), accountLevel: show(account) };
}

function evaluate(
  ci: ConfigurationItem,
  params: S3BucketPublicAccessBlockParams,
  context?: EvaluationContext,
): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const bucket = bucketLevel(ci);
  if (bucket.kind === 'settings' && allOn(bucket.settings)) {
    return {
      status: 'COMPLIANT',
      message: `Bucket ${ci.resourceId} blocks public access at bucket level (all four settings on)`,
      evidence: { bucketLevel: bucket.settings },
    };
  }
  const account: Level = params.acceptAccountLevel
    ? accountLevel(ci, context)
    : { kind: 'absent', why: 'account level not accepted (acceptAccountLevel: false)' };
  if (account.kind === 'settings' && allOn(account.settings)) {
    return {
      status: 'COMPLIANT',
      message: `Bucket ${ci.resourceId} is covered by account ${ci.accountId}'s public access block (all four settings on); ${describeLevel('bucket level', bucket)}`,
      evidence: evidenceOf(bucket, account),
    };
  }
  // Neither level is known to block everything: an unreadable level means we cannot tell.
  if (bucket.kind === 'unknown') throw new UnknownPropertyError('PublicAccessBlockConfiguration', bucket.why);
  if (account.kind === 'unknown') throw new UnknownPropertyError(ACCOUNT_PAB_TYPE, account.why);
  return {
    status: 'NON_COMPLIANT',
    message: `Bucket ${ci.resourceId} does not block public access: ${describeLevel('bucket level', bucket)}; ${describeLevel(
      params.acceptAccountLevel ? `account ${ci.accountId} level` : 'account level (not accepted)',
      account,
    )}`,
    evidence: evidenceOf(bucket, account),
  };
}

const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
} as const;

function plan(ci: ConfigurationItem): ApiCall[] {
  return [
    {
      service: 's3',
      operation: 'PutPublicAccessBlock',
      input: {
        Bucket: ci.resourceId,
        ExpectedBucketOwner: ci.accountId,
        PublicAccessBlockConfiguration: { ...BLOCK_ALL },
      },
    },
  ];
}

const s3BucketPublicAccessBlock = defineRule<S3BucketPublicAccessBlockParams>({
  id: 's3-bucket-public-access-block',
  title: 'S3 buckets block public access (all four settings, at bucket or account level)',
  severity: 'HIGH',
  controls: ['FSBP S3.8', 'CIS 2.1.4'],
  controlsNote:
    'Judges the bucket and the account-level block together, as S3 enforces them: a bucket without its own block is compliant when the account blocks all four (acceptAccountLevel). FSBP S3.8 looks at the bucket level only; the account-level setting on its own is FSBP S3.1, left to a rule of its own.',
  rationale:
    'Block Public Access is the one setting that keeps a bucket private whatever its policy and ACLs say; a bucket without it is one PutBucketPolicy away from being readable by anyone. It defaults to remediate (DESIGN §5), although blocking public access breaks a bucket that serves public content on purpose: such buckets need an exemption before the rule is turned on.',
  resourceTypes: ['AWS::S3::Bucket'],
  triggers: {
    cloudTrail: [
      {
        source: 'aws.s3',
        eventNames: [
          'CreateBucket',
          'PutBucketPublicAccessBlock',
          'DeleteBucketPublicAccessBlock',
          'PutBucketPolicy',
          'PutBucketAcl',
        ],
      },
    ],
    configChange: true,
    sweep: true,
  },
  relatedTypes: [ACCOUNT_PAB_TYPE],
  defaultMode: 'remediate',
  parameters,
  evaluate,
  // PutPublicAccessBlock replaces the configuration with the same four values: sending the plan is idempotent.
  remediation: {
    risk: 'disruptive',
    operations: [{ service: 's3', operation: 'PutPublicAccessBlock', target: 'Bucket' }],
    plan,
  },
  iac: {
    cloudformation: 'PublicAccessBlockConfiguration',
    change: 'set BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets to true',
    cdk: 'blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL',
    terraform:
      'resource "aws_s3_bucket_public_access_block" … { block_public_acls = true, ignore_public_acls = true, block_public_policy = true, restrict_public_buckets = true }',
  },
});

export { type S3BucketPublicAccessBlockParams, s3BucketPublicAccessBlock };
