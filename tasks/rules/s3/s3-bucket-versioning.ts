/**
 * s3-bucket-versioning: every bucket keeps object versions (versioning `Enabled`; `Suspended` and
 * never enabled fail), so an overwritten or deleted object can be restored (FSBP S3.14, the Config
 * rule s3-bucket-versioning-enabled). Remediation: PutBucketVersioning `Status: Enabled`, disruptive
 * and so notify by default: versioning cannot be turned off again (only suspended), and every
 * overwrite and delete then keeps a billed noncurrent version until a lifecycle rule expires it, which
 * on a busy bucket multiplies its storage cost.
 *
 * Reads `supplementaryConfiguration.BucketVersioningConfiguration.{status, isMfaDeleteEnabled}` as
 * AWS Config records it for AWS::S3::Bucket (`status` `Off`, `Enabled` or `Suspended`).
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError, UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

type S3BucketVersioningParams = z.infer<typeof parameters>;

interface Versioning {
  readonly status: string;
  readonly mfaDelete: boolean | null;
}

function versioningOf(ci: ConfigurationItem): Versioning {
  const denied = ci.unknown?.BucketVersioningConfiguration;
  if (denied !== undefined) throw new UnknownPropertyError('BucketVersioningConfiguration', denied);
  const value = ci.supplementaryConfiguration.BucketVersioningConfiguration;
  const status = isRecord(value) ? stringOf(value.status) : undefined;
  if (!isRecord(value) || status === undefined) {
    throw new UnknownPropertyError('BucketVersioningConfiguration', 'not recorded in the configuration item');
  }
  return { status, mfaDelete: booleanOf(value.isMfaDeleteEnabled) ?? null };
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const { status, mfaDelete } = versioningOf(ci);
  const evidence = { status, isMfaDeleteEnabled: mfaDelete };
  if (status === 'Enabled') {
    return { status: 'COMPLIANT', message: `Bucket ${ci.resourceId} has versioning enabled`, evidence };
  }
  const what = status === 'Suspended' ? 'has versioning suspended' : 'has never had versioning enabled';
  return {
    status: 'NON_COMPLIANT',
    message: `Bucket ${ci.resourceId} ${what}: overwritten and deleted objects cannot be restored`,
    evidence,
  };
}

function plan(ci: ConfigurationItem): ApiCall[] {
  // With MFA delete on, S3 accepts a versioning change only with the root user's MFA token (x-amz-mfa).
  if (versioningOf(ci).mfaDelete === true) {
    throw new InvalidInputError(
      `Bucket ${ci.resourceId} has MFA delete enabled: re-enabling versioning needs the root user's MFA device, so it cannot be done unattended`,
    );
  }
  return [
    {
      service: 's3',
      operation: 'PutBucketVersioning',
      input: {
        Bucket: ci.resourceId,
        ExpectedBucketOwner: ci.accountId,
        VersioningConfiguration: { Status: 'Enabled' },
      },
    },
  ];
}

const s3BucketVersioning = defineRule<S3BucketVersioningParams>({
  id: 's3-bucket-versioning',
  title: 'S3 buckets have versioning enabled',
  severity: 'MEDIUM',
  controls: ['FSBP S3.14'],
  rationale:
    'Without versioning, an overwrite or a delete (a faulty job, a compromised key, ransomware) destroys the only copy of an object. The remediation enables it, but it is disruptive: versioning can never be switched off again, only suspended, and every overwrite and delete afterwards keeps a billed noncurrent version until a lifecycle rule expires it. So the rule notifies by default; switch it to remediate once buckets have noncurrent-version lifecycle rules.',
  resourceTypes: ['AWS::S3::Bucket'],
  triggers: {
    cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket', 'PutBucketVersioning'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  // PutBucketVersioning sets the whole state (Enabled): sending the plan as planned is idempotent.
  remediation: {
    risk: 'disruptive',
    operations: [{ service: 's3', operation: 'PutBucketVersioning', target: 'Bucket' }],
    plan,
  },
  iac: {
    cloudformation: 'VersioningConfiguration.Status',
    change: 'set VersioningConfiguration Status: Enabled (with a NoncurrentVersionExpiration lifecycle rule)',
    cdk: 'versioned: true',
    terraform: 'resource "aws_s3_bucket_versioning" … { versioning_configuration { status = "Enabled" } }',
  },
});

export { type S3BucketVersioningParams, s3BucketVersioning };
