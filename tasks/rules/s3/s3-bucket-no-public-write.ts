/**
 * s3-bucket-no-public-write: no bucket lets the public put, delete or re-permission its objects, or
 * rewrite its policy or ACL, through its bucket policy or its ACL, once Block Public Access is applied
 * as S3 applies it (FSBP S3.3, the Config rule s3-bucket-public-write-prohibited). Notify only: an
 * upload drop-box may be public on purpose, and closing it is the owner's call (an exemption records it).
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

type S3BucketNoPublicWriteParams = z.infer<typeof parameters>;

function evaluate(
  ci: ConfigurationItem,
  _params: S3BucketNoPublicWriteParams,
  context?: EvaluationContext,
): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const verdict = publicAccess(ci, 'write', context);
  if (verdict.kind === 'unknown') throw new UnknownPropertyError(verdict.property, verdict.why);
  if (verdict.kind === 'private') {
    return {
      status: 'COMPLIANT',
      message: `Bucket ${ci.resourceId} is not publicly writable`,
      evidence: verdict.evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Bucket ${ci.resourceId} is publicly writable: ${verdict.exposures.map((e) => e.detail).join('; ')}`,
    evidence: verdict.evidence,
  };
}

const s3BucketNoPublicWrite = defineRule<S3BucketNoPublicWriteParams>({
  id: 's3-bucket-no-public-write',
  title: 'S3 buckets are not publicly writable (bucket policy or ACL)',
  severity: 'CRITICAL',
  controls: ['FSBP S3.3'],
  controlsNote:
    'A policy statement is public when it allows everyone without a condition pinning the caller (account, organisation, source, network); conditions Warden does not recognise do not make it private. Writing covers s3:PutObject, DeleteObject, DeleteObjectVersion, PutObjectAcl, PutBucketAcl, PutBucketPolicy and DeleteBucketPolicy; ACL grants to AllUsers and AuthenticatedUsers with Write, WriteAcp (which lets the grantee grant itself more) or FullControl are public.',
  rationale:
    "A publicly writable bucket lets anyone overwrite or delete its data, plant malware in what it serves, or run up the owner's storage bill; with WriteAcp or PutBucketPolicy they take the bucket over. Block Public Access neutralises a public policy (RestrictPublicBuckets) or ACL (IgnorePublicAcls) at bucket or account level, so such a bucket is compliant. It notifies, never changes the bucket: the rare public upload bucket is public on purpose, and closing it is the owner's decision.",
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
      'remove Allow statements of write actions to Principal "*" without a restricting condition and public-read-write ACLs, or set PublicAccessBlockConfiguration RestrictPublicBuckets and IgnorePublicAcls to true',
    cdk: 'blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL (and no grantPublicAccess of write actions)',
    terraform:
      'aws_s3_bucket_public_access_block with restrict_public_buckets = true and ignore_public_acls = true; no aws_s3_bucket_acl "public-read-write"',
  },
});

export { type S3BucketNoPublicWriteParams, s3BucketNoPublicWrite };
