/**
 * s3-bucket-no-public-read: no bucket lets the public list or read it, through its bucket policy or its
 * ACL, once Block Public Access is applied as S3 applies it (FSBP S3.2, the Config rule
 * s3-bucket-public-read-prohibited). Notify only: a bucket may serve a public website on purpose, and
 * closing it is the owner's call (an exemption records it).
 *
 * How the policy, the ACL and the bucket and account blocks combine: `./bucket-access.ts`.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule, type EvaluationContext } from '../rule';
import { ACCOUNT_PAB_TYPE, publicAccess } from './bucket-access';

const parameters = z.object({}).strict();

type S3BucketNoPublicReadParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem, _params: S3BucketNoPublicReadParams, context?: EvaluationContext): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const verdict = publicAccess(ci, 'read', context);
  if (verdict.kind === 'unknown') throw new UnknownPropertyError(verdict.property, verdict.why);
  if (verdict.kind === 'private') {
    return {
      status: 'COMPLIANT',
      message: `Bucket ${ci.resourceId} is not publicly readable`,
      evidence: verdict.evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Bucket ${ci.resourceId} is publicly readable: ${verdict.exposures.map((e) => e.detail).join('; ')}`,
    evidence: verdict.evidence,
  };
}

const s3BucketNoPublicRead = defineRule<S3BucketNoPublicReadParams>({
  id: 's3-bucket-no-public-read',
  title: 'S3 buckets are not publicly readable (bucket policy or ACL)',
  severity: 'CRITICAL',
  controls: ['FSBP S3.2'],
  controlsNote:
    'A policy statement is public when it allows everyone without a condition pinning the caller (account, organisation, source, network); conditions Warden does not recognise do not make it private. ACL grants to AllUsers and AuthenticatedUsers with Read or FullControl are public.',
  rationale:
    "A publicly readable bucket is the most common way data leaks from AWS: anyone who guesses or finds its name can list and download it. Block Public Access neutralises a public policy (RestrictPublicBuckets) or ACL (IgnorePublicAcls) at bucket or account level, so such a bucket is compliant. It notifies, never closes the bucket: static websites and public datasets are public on purpose, and breaking them is the owner's decision.",
  resourceTypes: ['AWS::S3::Bucket'],
  relatedTypes: [ACCOUNT_PAB_TYPE],
  triggers: {
    cloudTrail: [
      {
        source: 'aws.s3',
        eventNames: [
          'CreateBucket',
          'PutBucketPolicy',
          'DeleteBucketPolicy',
          'PutBucketAcl',
          'PutBucketPublicAccessBlock',
          'DeleteBucketPublicAccessBlock',
        ],
      },
    ],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::S3::BucketPolicy PolicyDocument / AccessControl',
    change:
      'remove Allow statements to Principal "*" without a restricting condition and public-read ACLs, or set PublicAccessBlockConfiguration RestrictPublicBuckets and IgnorePublicAcls to true',
    cdk: 'blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL (and no grantPublicAccess / publicReadAccess: true)',
    terraform:
      'aws_s3_bucket_public_access_block with restrict_public_buckets = true and ignore_public_acls = true; no aws_s3_bucket_acl "public-read"',
  },
});

export { type S3BucketNoPublicReadParams, s3BucketNoPublicRead };
