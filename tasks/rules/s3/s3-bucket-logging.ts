/**
 * s3-bucket-logging: every bucket writes server access logs to a target bucket (FSBP S3.9, the Config
 * rule s3-bucket-logging-enabled). Notify only, no remediation: turning logging on needs a target
 * bucket that accepts the S3 logging service's writes, in the same region and account, which is an
 * owner's choice.
 *
 * Reads `supplementaryConfiguration.BucketLoggingConfiguration.{destinationBucketName, logFilePrefix}`
 * as AWS Config records it for AWS::S3::Bucket (both `null`, or `{}`, when logging is off).
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

type S3BucketLoggingParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const denied = ci.unknown?.BucketLoggingConfiguration;
  if (denied !== undefined) throw new UnknownPropertyError('BucketLoggingConfiguration', denied);
  const logging = ci.supplementaryConfiguration.BucketLoggingConfiguration;
  if (!isRecord(logging)) {
    throw new UnknownPropertyError('BucketLoggingConfiguration', 'not recorded in the configuration item');
  }
  const target = stringOf(logging.destinationBucketName);
  const prefix = stringOf(logging.logFilePrefix) ?? null;
  if (target === undefined) {
    return {
      status: 'NON_COMPLIANT',
      message: `Bucket ${ci.resourceId} has server access logging off`,
      evidence: { destinationBucketName: null, logFilePrefix: prefix },
    };
  }
  return {
    status: 'COMPLIANT',
    message: `Bucket ${ci.resourceId} logs server access to ${target}${prefix === null ? '' : `/${prefix}`}`,
    evidence: { destinationBucketName: target, logFilePrefix: prefix },
  };
}

const s3BucketLogging = defineRule<S3BucketLoggingParams>({
  id: 's3-bucket-logging',
  title: 'S3 buckets have server access logging enabled',
  severity: 'MEDIUM',
  controls: ['FSBP S3.9'],
  rationale:
    'Server access logs are the record of who read, wrote or deleted what in a bucket; without them an investigation of a leak or a deletion has only the CloudTrail management events, which do not include object reads. Enabling them needs a target bucket the owner chooses (and pays for), so the rule notifies.',
  resourceTypes: ['AWS::S3::Bucket'],
  triggers: {
    cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket', 'PutBucketLogging'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'LoggingConfiguration.DestinationBucketName',
    change: 'set LoggingConfiguration with DestinationBucketName (a log bucket in the same region) and LogFilePrefix',
    cdk: 'serverAccessLogsBucket: <log bucket>, serverAccessLogsPrefix: "<prefix>"',
    terraform: 'resource "aws_s3_bucket_logging" … { target_bucket = <log bucket>, target_prefix = "<prefix>" }',
  },
});

export { type S3BucketLoggingParams, s3BucketLogging };
