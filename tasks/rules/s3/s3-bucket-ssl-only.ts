/**
 * s3-bucket-ssl-only: every bucket's policy refuses plain-HTTP requests: a `Deny` to everyone of
 * `s3:*` (or `*`) on the bucket and its objects when `aws:SecureTransport` is `false` (FSBP S3.5,
 * CIS 2.1.1, the Config rule s3-bucket-ssl-requests-only). Remediation: PutBucketPolicy with the
 * bucket's current policy plus that one statement (Sid `WardenDenyInsecureTransport`), merged into
 * the policy as read right before (never a stale copy: PutBucketPolicy replaces the whole document).
 * Disruptive, so notify by default: every client still on plain HTTP is refused from then on.
 *
 * Reads `supplementaryConfiguration.BucketPolicy.policyText` as AWS Config records it for
 * AWS::S3::Bucket (`null` when the bucket has no policy).
 *
 * Length: remediating, over 160 lines: the merge keeps every existing statement exactly and refuses
 * what it cannot merge safely (an unreadable document, a Warden statement someone edited, S3's size limit).
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError, UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord } from '../ci-values';
import {
  actionMatches,
  coversAction,
  PolicyDocumentError,
  type PolicyStatement,
  parsePolicy,
} from '../policy-document';
import { defineRule, type LiveState, liveItem, type SendApiCall } from '../rule';

const parameters = z.object({}).strict();

/** The Sid of the statement the remediation adds (how a later run recognises its own statement). */
const WARDEN_SID = 'WardenDenyInsecureTransport';
/** S3's limit on a bucket policy's size. */
const MAX_POLICY_BYTES = 20 * 1024;

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

/** The recorded policy text; `undefined` when the bucket has none. Throws when it could not be read. */
function policyTextOf(ci: ConfigurationItem): string | undefined {
  const denied = ci.unknown?.BucketPolicy;
  if (denied !== undefined) throw new UnknownPropertyError('BucketPolicy', denied);
  const policy = ci.supplementaryConfiguration.BucketPolicy;
  const text = isRecord(policy) ? policy.policyText : undefined;
  if (text === undefined || text === null || text === '') return undefined;
  if (typeof text !== 'string') throw new UnknownPropertyError('BucketPolicy', 'policyText is not a string');
  return text;
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Bucket ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const text = policyTextOf(ci);
  if (text === undefined) {
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

/** The statement the remediation adds: a Deny of s3:* on the bucket and its objects without TLS. */
function sslDenyStatement(ci: ConfigurationItem): Record<string, unknown> {
  return {
    Sid: WARDEN_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [ci.arn, `${ci.arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * The PutBucketPolicy that adds the statement to `ci`'s policy, every other member and statement
 * kept as written; `[]` when the policy already denies plain HTTP. Throws when it cannot merge safely.
 */
function plan(ci: ConfigurationItem): ApiCall[] {
  if (evaluate(ci).status !== 'NON_COMPLIANT') return [];
  const text = policyTextOf(ci);
  let document: Record<string, unknown> = { Version: '2012-10-17', Statement: [] };
  if (text !== undefined) {
    const json = /^\s*%7b/i.test(text) ? decodeURIComponent(text) : text;
    const parsed = JSON.parse(json) as unknown;
    if (!isRecord(parsed)) throw new InvalidInputError(`Bucket ${ci.resourceId}: its policy is not a JSON object`);
    document = parsed;
  }
  const raw = document.Statement;
  const statements: unknown[] = Array.isArray(raw) ? [...raw] : raw === undefined ? [] : [raw];
  if (statements.some((st) => isRecord(st) && st.Sid === WARDEN_SID)) {
    throw new InvalidInputError(
      `Bucket ${ci.resourceId}: its policy has a ${WARDEN_SID} statement that no longer denies plain HTTP (edited since Warden added it): left to the owner`,
    );
  }
  const policy = JSON.stringify({ ...document, Statement: [...statements, sslDenyStatement(ci)] });
  if (Buffer.byteLength(policy, 'utf8') > MAX_POLICY_BYTES) {
    throw new InvalidInputError(`Bucket ${ci.resourceId}: the merged policy would exceed S3's 20 KB limit`);
  }
  return [
    {
      service: 's3',
      operation: 'PutBucketPolicy',
      input: { Bucket: ci.resourceId, ExpectedBucketOwner: ci.accountId, Policy: policy },
    },
  ];
}

/**
 * Merges into the policy as it is now (read right before), not the one the sweep saw: a statement
 * added since is kept. Nothing is sent when the live policy already denies plain HTTP.
 */
async function apply(send: SendApiCall, _plan: readonly ApiCall[], live: LiveState): Promise<void> {
  for (const call of plan(liveItem(live))) await send(call);
}

const s3BucketSslOnly = defineRule<S3BucketSslOnlyParams>({
  id: 's3-bucket-ssl-only',
  title: 'S3 bucket policies deny requests that do not use TLS',
  severity: 'MEDIUM',
  controls: ['FSBP S3.5', 'CIS 2.1.1'],
  controlsNote:
    'The deny must cover s3:* (or *) for Principal "*" on both the bucket ARN and its objects (<arn>/*), with Bool or BoolIfExists aws:SecureTransport false: a statement on the bucket ARN alone leaves object reads over HTTP allowed.',
  rationale:
    'S3 accepts plain HTTP unless the bucket policy refuses it, so requests and the data they carry can cross networks unencrypted and be read or altered on the way. The fix is one policy statement, merged into the current policy, but it refuses every client that still uses HTTP from then on: the remediation is disruptive, so the rule notifies by default.',
  resourceTypes: ['AWS::S3::Bucket'],
  triggers: {
    cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket', 'PutBucketPolicy', 'DeleteBucketPolicy'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  remediation: {
    risk: 'disruptive',
    operations: [{ service: 's3', operation: 'PutBucketPolicy', target: 'Bucket' }],
    plan,
    apply,
  },
  iac: {
    cloudformation: 'AWS::S3::BucketPolicy PolicyDocument.Statement',
    change:
      'add {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}',
    cdk: 'enforceSSL: true',
    terraform: 'aws_s3_bucket_policy with a Deny of s3:* on the bucket and bucket/* when aws:SecureTransport is false',
  },
});

export { type S3BucketSslOnlyParams, s3BucketSslOnly, WARDEN_SID };
