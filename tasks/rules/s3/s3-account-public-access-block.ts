/**
 * s3-account-public-access-block: the account has S3 Block Public Access on at account level, all
 * four settings (FSBP S3.1, CIS 2.1.4), its own finding per account-region item, independent of any
 * bucket (the bucket-level check is s3-bucket-public-access-block, FSBP S3.8). Notify only, no
 * remediation: blocking public access account-wide breaks every public website and dataset bucket of
 * the account at once.
 *
 * Reads `configuration.{blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets}`
 * of AWS::S3::AccountPublicAccessBlock as AWS Config records it (the collector records "not
 * configured" as all four false, which is what S3 enforces then).
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf } from '../ci-values';
import { defineRule } from '../rule';

const SETTINGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

const parameters = z.object({}).strict();

type S3AccountPublicAccessBlockParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `The account-level public access block of ${ci.accountId} is not recorded (${ci.status})`,
    };
  }
  const denied = ci.unknown?.configuration;
  if (denied !== undefined) throw new UnknownPropertyError('AccountPublicAccessBlock', denied);
  const evidence = Object.fromEntries(SETTINGS.map((s) => [s, booleanOf(ci.configuration[s]) ?? null]));
  const off = SETTINGS.filter((s) => evidence[s] !== true);
  if (off.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `Account ${ci.accountId} blocks public access to S3 at account level (all four settings on)`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Account ${ci.accountId} does not block public access to S3 at account level: ${off.join(', ')} off`,
    evidence,
  };
}

const s3AccountPublicAccessBlock = defineRule<S3AccountPublicAccessBlockParams>({
  id: 's3-account-public-access-block',
  title: 'The account blocks S3 public access at account level (all four settings)',
  severity: 'HIGH',
  controls: ['FSBP S3.1', 'CIS 2.1.4'],
  rationale:
    "The account-level block is the one switch that keeps every bucket of the account, present and future, from being made public by a policy or an ACL. Turning it on breaks any bucket that serves public content on purpose, all at once and without a per-bucket exemption, so the rule reports the account and leaves the switch to the account's owner.",
  resourceTypes: ['AWS::S3::AccountPublicAccessBlock'],
  triggers: {
    cloudTrail: [{ source: 'aws.s3', eventNames: ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::S3::AccountPublicAccessBlock (no CloudFormation resource: S3 Control PutPublicAccessBlock)',
    change:
      'set BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets to true for the account',
    cdk: 'an AwsCustomResource calling S3Control putPublicAccessBlock with all four true',
    terraform:
      'resource "aws_s3_account_public_access_block" … { block_public_acls = true, ignore_public_acls = true, block_public_policy = true, restrict_public_buckets = true }',
  },
});

export { type S3AccountPublicAccessBlockParams, s3AccountPublicAccessBlock };
