/**
 * s3-bucket-encryption: every bucket has a default-encryption rule with an allowed algorithm (and,
 * when configured, an allowed KMS key). Remediation: PutBucketEncryption.
 *
 * Reads what AWS Config records for AWS::S3::Bucket
 * (`supplementaryConfiguration.ServerSideEncryptionConfiguration.rules[].applyServerSideEncryptionByDefault.{sseAlgorithm,kmsMasterKeyID}`
 * and `rules[].bucketKeyEnabled`, see awslabs/aws-config-resource-schema).
 *
 * Length: remediating, over 160 lines: the parameters cross-check algorithms and KMS keys (every way S3
 * echoes a key), and the IaC hint depends on both.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { InvalidInputError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;
type SseAlgorithm = (typeof SSE_ALGORITHMS)[number];

/** What S3 uses when a KMS rule names no key: the AWS managed key for S3. */
const AWS_MANAGED_S3_KEY = 'alias/aws/s3';

const KMS_ARN = /^arn:aws[a-z-]*:kms:[^:]*:[^:]*:(key|alias)\/(.+)$/;

/**
 * One comparable form for the ways S3 echoes a KMS key back: key ARN → key id, alias ARN →
 * `alias/<name>`, `alias/<name>` and bare key ids unchanged, absent → `alias/aws/s3`.
 * Account and region in ARNs are dropped (see the report: an alias name is only unique per account-region).
 */
function normalizeKmsKey(key: string | undefined | null): string {
  if (key === undefined || key === null || key === '') return AWS_MANAGED_S3_KEY;
  const arn = KMS_ARN.exec(key);
  if (arn === null) return key;
  return arn[1] === 'key' ? arn[2]! : `alias/${arn[2]!}`;
}

function isKmsAlgorithm(algorithm: string): boolean {
  return algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse';
}

const parameters = z
  .object({
    /** Algorithms a default-encryption rule may use. @default ['AES256', 'aws:kms', 'aws:kms:dsse'] */
    allowedAlgorithms: z
      .array(z.enum(SSE_ALGORITHMS))
      .min(1)
      .default(() => [...SSE_ALGORITHMS]),
    /**
     * KMS keys acceptable for `aws:kms`/`aws:kms:dsse` (key id, key ARN, alias name or alias ARN;
     * `alias/aws/s3` is the AWS managed key). Empty = any key. @default []
     */
    allowedKmsKeys: z.array(z.string().min(1)).default(() => []),
    /** Algorithm PutBucketEncryption sets. @default 'AES256' */
    remediationAlgorithm: z.enum(SSE_ALGORITHMS).default('AES256'),
    /** KMS key PutBucketEncryption sets (KMS algorithms only); absent = the AWS managed key. */
    remediationKmsKeyId: z.string().min(1).optional(),
    /** S3 Bucket Key for `aws:kms` remediation (not supported by S3 with DSSE-KMS). @default true */
    bucketKeyEnabled: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    if (!p.allowedAlgorithms.includes(p.remediationAlgorithm)) {
      ctx.addIssue({
        code: 'custom',
        path: ['remediationAlgorithm'],
        message: `remediationAlgorithm "${p.remediationAlgorithm}" is not in allowedAlgorithms (${p.allowedAlgorithms.join(', ')}): the fix would itself be non-compliant`,
      });
    }
    const kms = isKmsAlgorithm(p.remediationAlgorithm);
    if (!kms && p.remediationKmsKeyId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['remediationKmsKeyId'],
        message: `remediationKmsKeyId only applies to aws:kms or aws:kms:dsse, not ${p.remediationAlgorithm}`,
      });
    }
    if (kms && p.allowedKmsKeys.length > 0) {
      const allowed = new Set(p.allowedKmsKeys.map(normalizeKmsKey));
      if (p.remediationKmsKeyId === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['remediationKmsKeyId'],
          message: 'KMS remediation needs remediationKmsKeyId when allowedKmsKeys is set',
        });
      } else if (!allowed.has(normalizeKmsKey(p.remediationKmsKeyId))) {
        ctx.addIssue({
          code: 'custom',
          path: ['remediationKmsKeyId'],
          message: `remediationKmsKeyId "${p.remediationKmsKeyId}" is not one of allowedKmsKeys (compared as key id / alias name)`,
        });
      }
    }
  });

type S3BucketEncryptionParams = z.infer<typeof parameters>;

/** One default-encryption rule as Config records it, read defensively. */
interface SseRule {
  /** Undefined when the rule lacks `applyServerSideEncryptionByDefault` or its algorithm. */
  readonly algorithm?: string;
  /** Whether `applyServerSideEncryptionByDefault` is there at all (it may name no algorithm). */
  readonly hasDefault: boolean;
  /** As recorded; undefined when absent. */
  readonly kmsKey?: string;
  readonly bucketKeyEnabled?: boolean;
}

/** `undefined` = no default-encryption configuration recorded. Throws on a shape that is not Config's. */
function readSseRules(ci: ConfigurationItem): SseRule[] | undefined {
  const sse = ci.supplementaryConfiguration.ServerSideEncryptionConfiguration;
  if (sse === undefined || sse === null) return undefined;
  if (!isRecord(sse) || !(sse.rules === undefined || sse.rules === null || Array.isArray(sse.rules))) {
    throw new InvalidInputError(
      `${ci.arn}: supplementaryConfiguration.ServerSideEncryptionConfiguration is not {rules: [...]} (was the CI normalized?)`,
    );
  }
  const rules: unknown[] = Array.isArray(sse.rules) ? sse.rules : [];
  return rules.map((rule): SseRule => {
    if (!isRecord(rule)) return { hasDefault: false };
    const byDefault = rule.applyServerSideEncryptionByDefault;
    const bucketKeyEnabled = typeof rule.bucketKeyEnabled === 'boolean' ? rule.bucketKeyEnabled : undefined;
    if (!isRecord(byDefault)) return { hasDefault: false, bucketKeyEnabled };
    const algorithm = stringOf(byDefault.sseAlgorithm);
    if (algorithm === undefined) return { hasDefault: true, bucketKeyEnabled };
    return { algorithm, hasDefault: true, kmsKey: stringOf(byDefault.kmsMasterKeyID), bucketKeyEnabled };
  });
}

/** Why one rule does not satisfy the parameters, or `undefined` when it does. */
function ruleProblem(rule: SseRule, params: S3BucketEncryptionParams): string | undefined {
  if (rule.algorithm === undefined) {
    return rule.hasDefault
      ? 'a rule whose applyServerSideEncryptionByDefault names no sseAlgorithm'
      : 'a rule without applyServerSideEncryptionByDefault (no default algorithm)';
  }
  if (!(params.allowedAlgorithms as readonly string[]).includes(rule.algorithm)) {
    return `${rule.algorithm} is not an allowed algorithm (allowed: ${params.allowedAlgorithms.join(', ')})`;
  }
  if (isKmsAlgorithm(rule.algorithm) && params.allowedKmsKeys.length > 0) {
    const key = normalizeKmsKey(rule.kmsKey);
    const allowed = new Set(params.allowedKmsKeys.map(normalizeKmsKey));
    if (!allowed.has(key)) {
      const shown =
        rule.kmsKey === undefined ? `${AWS_MANAGED_S3_KEY} (no key named: the AWS managed key)` : rule.kmsKey;
      return `${rule.algorithm} with KMS key ${shown} is not one of allowedKmsKeys (${params.allowedKmsKeys.join(', ')})`;
    }
  }
  return undefined;
}

function describeRule(rule: SseRule): string {
  if (rule.algorithm === undefined) return 'no default algorithm';
  if (!isKmsAlgorithm(rule.algorithm)) return rule.algorithm;
  return `${rule.algorithm} (key ${rule.kmsKey ?? `${AWS_MANAGED_S3_KEY}, the AWS managed key`})`;
}

function evidenceOf(rules: readonly SseRule[]): Record<string, unknown> {
  return {
    algorithms: rules.map((r) => r.algorithm ?? null),
    kmsKeys: rules
      .filter((r) => r.algorithm !== undefined && isKmsAlgorithm(r.algorithm))
      .map((r) => normalizeKmsKey(r.kmsKey)),
    bucketKeyEnabled: rules.map((r) => r.bucketKeyEnabled ?? null),
  };
}

function evaluate(ci: ConfigurationItem, params: S3BucketEncryptionParams): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  requireKnown(ci, 'ServerSideEncryptionConfiguration');
  const rules = readSseRules(ci);
  if (rules === undefined || rules.length === 0) {
    return {
      status: 'NON_COMPLIANT',
      message: `Bucket ${ci.resourceId} has no default encryption configuration`,
      evidence: { algorithms: [], kmsKeys: [], bucketKeyEnabled: [] },
    };
  }
  const evidence = evidenceOf(rules);
  const compliant = rules.find((rule) => ruleProblem(rule, params) === undefined);
  if (compliant !== undefined) {
    return {
      status: 'COMPLIANT',
      message: `Bucket ${ci.resourceId} encrypts new objects by default with ${describeRule(compliant)}`,
      evidence,
    };
  }
  const problems = rules.map((rule) => ruleProblem(rule, params)).filter((p): p is string => p !== undefined);
  return {
    status: 'NON_COMPLIANT',
    message: `Bucket ${ci.resourceId} has no default-encryption rule with an allowed algorithm: ${problems.join('; ')}`,
    evidence,
  };
}

function plan(ci: ConfigurationItem, params: S3BucketEncryptionParams): ApiCall[] {
  const algorithm: SseAlgorithm = params.remediationAlgorithm;
  const byDefault: Record<string, unknown> = { SSEAlgorithm: algorithm };
  if (isKmsAlgorithm(algorithm) && params.remediationKmsKeyId !== undefined) {
    byDefault.KMSMasterKeyID = params.remediationKmsKeyId;
  }
  const rule: Record<string, unknown> = { ApplyServerSideEncryptionByDefault: byDefault };
  // S3 Bucket Keys exist for SSE-KMS only: not for SSE-S3, and S3 does not support them with DSSE-KMS.
  if (algorithm === 'aws:kms') rule.BucketKeyEnabled = params.bucketKeyEnabled;
  return [
    {
      service: 's3',
      operation: 'PutBucketEncryption',
      input: {
        Bucket: ci.resourceId,
        ExpectedBucketOwner: ci.accountId,
        ServerSideEncryptionConfiguration: { Rules: [rule] },
      },
    },
  ];
}

/** What the remediation sets, for the IaC hint: algorithm, key, and the Bucket Key setting (SSE-KMS only). */
function target(params: S3BucketEncryptionParams) {
  const algorithm = params.remediationAlgorithm;
  const key = isKmsAlgorithm(algorithm) ? params.remediationKmsKeyId : undefined;
  return {
    algorithm,
    key,
    kms: isKmsAlgorithm(algorithm),
    bucketKey: algorithm === 'aws:kms' ? params.bucketKeyEnabled : undefined,
  };
}

const CDK_ENCRYPTION: Record<SseAlgorithm, readonly [managed: string, withKey: string]> = {
  AES256: ['s3.BucketEncryption.S3_MANAGED', 's3.BucketEncryption.S3_MANAGED'],
  'aws:kms': ['s3.BucketEncryption.KMS_MANAGED', 's3.BucketEncryption.KMS'],
  'aws:kms:dsse': ['s3.BucketEncryption.DSSE_MANAGED', 's3.BucketEncryption.DSSE'],
};

function suggestedChange(_ci: ConfigurationItem, params: S3BucketEncryptionParams): string {
  const { algorithm, key, kms, bucketKey } = target(params);
  return [
    `set to "${algorithm}"`,
    ...(kms ? [key === undefined ? 'no KMSMasterKeyID (AWS managed key aws/s3)' : `KMSMasterKeyID "${key}"`] : []),
    ...(bucketKey === undefined ? [] : [`BucketKeyEnabled ${bucketKey}`]),
  ].join(', ');
}

function cdk(_ci: ConfigurationItem, params: S3BucketEncryptionParams): string {
  const { algorithm, key, bucketKey } = target(params);
  return [
    `encryption: ${CDK_ENCRYPTION[algorithm][key === undefined ? 0 : 1]}`,
    ...(key === undefined ? [] : [`encryptionKey: kms.Key.fromKeyArn(this, 'Key', '${key}')`]),
    ...(bucketKey === undefined ? [] : [`bucketKeyEnabled: ${bucketKey}`]),
  ].join(', ');
}

function terraform(_ci: ConfigurationItem, params: S3BucketEncryptionParams): string {
  const { algorithm, key, bucketKey } = target(params);
  const byDefault = [`sse_algorithm = "${algorithm}"`, ...(key === undefined ? [] : [`kms_master_key_id = "${key}"`])];
  const bucketKeyText = bucketKey === undefined ? '' : ` bucket_key_enabled = ${bucketKey}`;
  return `resource "aws_s3_bucket_server_side_encryption_configuration" … { rule { apply_server_side_encryption_by_default { ${byDefault.join(' ')} }${bucketKeyText} } }`;
}

const s3BucketEncryption = defineRule<S3BucketEncryptionParams>({
  id: 's3-bucket-encryption',
  title: 'S3 buckets encrypt new objects by default with an allowed algorithm and key',
  severity: 'HIGH',
  controls: [],
  controlsNote:
    'No current FSBP or CIS v3.0.0 control: FSBP S3.4 (server-side encryption enabled) was retired once S3 began encrypting every new object with SSE-S3 (January 2023), and CIS v3.0.0 dropped the matching recommendation. With allowedAlgorithms set to aws:kms / aws:kms:dsse the rule checks what Security Hub control S3.17 (buckets encrypted at rest with AWS KMS keys) checks, a control of the NIST SP 800-53 standard in Security Hub, not of FSBP.',
  rationale:
    "A bucket whose default-encryption rule was deleted or replaced with an unapproved algorithm or key stores new objects outside the organization's key policy. The seed scenario asks for the rule to be enforced on CreateBucket, PutBucketEncryption and DeleteBucketEncryption, so it remediates by default: setting default encryption changes nothing for readers or writers of existing objects.",
  resourceTypes: ['AWS::S3::Bucket'],
  triggers: {
    cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket', 'PutBucketEncryption', 'DeleteBucketEncryption'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'remediate',
  parameters,
  evaluate,
  // Sent only when the bucket read right now is non-compliant (the engine re-reads it): a stale
  // finding never replaces a KMS key someone set since with the planned configuration.
  remediation: {
    risk: 'safe',
    operations: [{ service: 's3', operation: 'PutBucketEncryption', target: 'Bucket' }],
    plan,
  },
  iac: {
    cloudformation: 'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm',
    change: suggestedChange,
    cdk,
    terraform,
  },
});

export { AWS_MANAGED_S3_KEY, normalizeKmsKey, type S3BucketEncryptionParams, s3BucketEncryption };
