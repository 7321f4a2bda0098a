/**
 * cloudtrail-encrypted: every trail encrypts its log files with a KMS key (SSE-KMS), FSBP
 * CloudTrail.2 and CIS 3.5. Reads `configuration.kmsKeyId` as AWS Config records it for
 * AWS::CloudTrail::Trail (awslabs/aws-config-resource-schema; absent or null = the default SSE-S3
 * encryption only). Notify only: setting a key needs a key policy that lets CloudTrail encrypt and
 * the log readers decrypt, or delivery stops.
 */
import { z } from 'zod';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { stringOf } from '../ci-values';
import { defineRule } from '../rule';
import { notJudged, trailName } from './trail';

const parameters = z.object({}).strict();

type CloudtrailEncryptedParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const skipped = notJudged(ci);
  if (skipped !== undefined) return skipped;
  const kmsKeyId = stringOf(ci.configuration.kmsKeyId);
  if (kmsKeyId !== undefined) {
    return {
      status: 'COMPLIANT',
      message: `Trail ${trailName(ci)} encrypts its log files with KMS key ${kmsKeyId}`,
      evidence: { kmsKeyId },
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Trail ${trailName(ci)} does not encrypt its log files with a KMS key (only the bucket's default encryption): set a KMS key whose policy lets CloudTrail encrypt and the log readers decrypt`,
    evidence: { kmsKeyId: null },
  };
}

const cloudtrailEncrypted = defineRule<CloudtrailEncryptedParams>({
  id: 'cloudtrail-encrypted',
  title: 'CloudTrail trails encrypt their log files with a KMS key',
  severity: 'MEDIUM',
  controls: ['FSBP CloudTrail.2', 'CIS 3.5'],
  rationale:
    'Log files encrypted only with the bucket default can be read by anyone with read access to the bucket; with a KMS key, reading them also needs kms:Decrypt, a second, separately audited grant. A key with the wrong key policy stops log delivery, so the rule notifies instead of setting one.',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'KMSKeyId',
    change: 'set KMSKeyId to a KMS key whose key policy allows cloudtrail.amazonaws.com to GenerateDataKey*',
    cdk: "new cloudtrail.Trail(this, 'Trail', { encryptionKey: key })",
    terraform: 'kms_key_id = aws_kms_key.trail.arn on aws_cloudtrail',
  },
});

export { type CloudtrailEncryptedParams, cloudtrailEncrypted };
