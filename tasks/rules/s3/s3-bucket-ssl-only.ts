/**
 * s3-bucket-ssl-only: every bucket's policy refuses plain-HTTP requests: a `Deny` to everyone of
 * `s3:*` (or `*`) on the bucket and its objects when `aws:SecureTransport` is `false` (FSBP S3.5,
 * CIS 2.1.1, the Config rule s3-bucket-ssl-requests-only). Notify only, no remediation: adding the
 * statement breaks every client still on HTTP, and PutBucketPolicy replaces the whole policy, so a
 * merge has to be reviewed by the bucket's owner rather than sent unattended.
 *
 * Reads `supplementaryConfiguration.BucketPolicy.policyText` as AWS Config records it for
 * AWS::S3::Bucket (`null` when the bucket has no policy).
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord } from '../ci-values';
import {
  actionMatches,
  coversAction,
  PolicyDocumentError,
  type PolicyStatement,
  parsePolicy,
} from '../policy-document';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

type S3BucketSslOnlyParams = z.infer<typeof parameters>;

/** `Bool` / `BoolIfExists` `aws:SecureTransport` = false (`"false"`, `false` or `["false"]`). */
function deniesWhenInsecure(statement: PolicyStatement): boolean {
  return Object.entries(statement.condition).some(
    ([operator, keys]) =>
      /^Bool(IfExists)?$/i.test(operator) &&
      Object.entries(keys).some(
        ([key, value]) =>
          key.toLowerCase() === 'aws:securetransport' &&
          (Array.isArray(value) ? value : [value]).some((v) => booleanOf(v) === false),
      ),
  );
}

/** The bucket ARN and its objects, both matched by the statement's resources. */
function coversBucketAndObjects(statement: PolicyStatement, arn: string): boolean {
  const covers = (target: string) => statement.resources.some((pattern) => actionMatches(pattern, target));
  return covers(arn) && covers(`${arn}/*`);
}

function isSslDeny(statement: PolicyStatement, arn: string): boolean {
  return (
    statement.effect === 'Deny' &&
    statement.principalKind === 'principal' &&
    statement.principals === '*' &&
    !statement.notAction &&
    coversAction(statement, 's3:*') &&
    coversBucketAndObjects(statement, arn) &&
    deniesWhenInsecure(statement)
  );
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const denied = ci.unknown?.BucketPolicy;
  if (denied !== undefined) throw new UnknownPropertyError('BucketPolicy', denied);
  const policy = ci.supplementaryConfiguration.BucketPolicy;
  const text = isRecord(policy) ? policy.policyText : undefined;
  if (text === undefined || text === null || text === '') {
    return {
      status: 'NON_COMPLIANT',
      message: `Bucket ${ci.resourceId} has no bucket policy, so it accepts plain-HTTP requests`,
      evidence: { policy: null },
    };
  }
  let statements: PolicyStatement[];
  try {
    statements = parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyDocumentError) throw new UnknownPropertyError('BucketPolicy', error.message);
    throw error;
  }
  const deny = statements.find((statement) => isSslDeny(statement, ci.arn));
  if (deny !== undefined) {
    return {
      status: 'COMPLIANT',
      message: `Bucket ${ci.resourceId} denies requests without TLS (statement ${deny.sid ?? 'without Sid'})`,
      evidence: { sslDenyStatement: deny.sid ?? null },
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Bucket ${ci.resourceId}'s policy has no statement denying s3:* on the bucket and its objects to everyone when aws:SecureTransport is false`,
    evidence: { sslDenyStatement: null, statements: statements.length },
  };
}

const s3BucketSslOnly = defineRule<S3BucketSslOnlyParams>({
  id: 's3-bucket-ssl-only',
  title: 'S3 bucket policies deny requests that do not use TLS',
  severity: 'MEDIUM',
  controls: ['FSBP S3.5', 'CIS 2.1.1'],
  controlsNote:
    'The deny must cover s3:* (or *) for Principal "*" on both the bucket ARN and its objects (<arn>/*), with Bool or BoolIfExists aws:SecureTransport false: a statement on the bucket ARN alone leaves object reads over HTTP allowed.',
  rationale:
    'S3 accepts plain HTTP unless the bucket policy refuses it, so credentials-signed requests and the data they carry can cross networks unencrypted and be read or altered on the way. The fix is one policy statement, but it stops every client that still uses HTTP and PutBucketPolicy replaces the whole policy, so the rule notifies and leaves the change to the owner.',
  resourceTypes: ['AWS::S3::Bucket'],
  triggers: {
    cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket', 'PutBucketPolicy', 'DeleteBucketPolicy'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::S3::BucketPolicy PolicyDocument.Statement',
    change:
      'add {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}',
    cdk: 'enforceSSL: true',
    terraform: 'aws_s3_bucket_policy with a Deny of s3:* on the bucket and bucket/* when aws:SecureTransport is false',
  },
});

export { type S3BucketSslOnlyParams, s3BucketSslOnly };
