/**
 * ec2-ebs-encryption-by-default: EBS encryption by default is on in each region of the account (FSBP
 * EC2.7, CIS 2.2.1), so every new volume, and every copy of an unencrypted snapshot, is encrypted.
 * Judged on the region's `Warden::EC2::EbsEncryptionByDefault` item
 * (`tasks/shared/inventory/ebs-encryption-by-default.ts`: `configuration.ebsEncryptionByDefault`, and
 * `ebsDefaultKmsKeyId` as evidence).
 *
 * Remediation: EnableEbsEncryptionByDefault for the account-region (an account-region setting: no
 * input). It is `disruptive` — as the same optional remediation of ec2-volume-encryption says — because
 * afterwards instance types without EBS encryption support can no longer be launched there, and
 * launches that share unencrypted snapshots or AMIs across accounts need a key the other account can
 * use. So it never defaults to remediate. Existing volumes are not changed.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

type Ec2EbsEncryptionByDefaultParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const where = `${ci.accountId}/${ci.region}`;
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `No EBS default-encryption setting for ${where} (${ci.status})` };
  requireKnown(ci, 'ebsEncryptionByDefault');
  const enabled = booleanOf(ci.configuration.ebsEncryptionByDefault);
  if (enabled === undefined) throw new UnknownPropertyError('ebsEncryptionByDefault', 'not recorded in the item');
  const key = stringOf(ci.configuration.ebsDefaultKmsKeyId) ?? null;
  const evidence = { ebsEncryptionByDefault: enabled, ebsDefaultKmsKeyId: key };
  if (enabled) {
    return {
      status: 'COMPLIANT',
      message: `EBS encryption by default is on in ${where}${key === null ? '' : ` (key ${key})`}`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `EBS encryption by default is off in ${where}: new volumes are unencrypted unless each launch asks for encryption`,
    evidence,
  };
}

function plan(): ApiCall[] {
  return [{ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: {} }];
}

const ec2EbsEncryptionByDefault = defineRule<Ec2EbsEncryptionByDefaultParams>({
  id: 'ec2-ebs-encryption-by-default',
  title: 'EBS encryption by default is on in every region',
  severity: 'MEDIUM',
  controls: ['FSBP EC2.7', 'CIS 2.2.1'],
  rationale:
    'With encryption by default off, every volume created without an explicit Encrypted flag, and every snapshot and copy of it, can be read by whoever gets a copy. Turning it on changes no existing volume but stops launches of instance types without EBS encryption support and changes which key shared snapshots need, so the remediation is disruptive and the rule notifies by default.',
  resourceTypes: ['Warden::EC2::EbsEncryptionByDefault'],
  // Sweep only: no CloudTrail extractor names this item (tasks/shared/events/resource-refs.ts).
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  remediation: {
    risk: 'disruptive',
    // An account-region setting, named by no input field; enabling it again is a no-op. The engine
    // re-reads the region's item (the collector's readOne) before and after.
    operations: [{ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', target: null }],
    plan,
  },
  iac: {
    cloudformation: 'no CloudFormation resource: an account-region setting (EnableEbsEncryptionByDefault)',
    change: 'turn on EBS encryption by default in the region (console: EC2 › Settings › Data protection and security)',
    cdk: "new cr.AwsCustomResource(this, 'EbsDefault', { onCreate: { service: 'EC2', action: 'enableEbsEncryptionByDefault', … } })",
    terraform: 'resource "aws_ebs_encryption_by_default" … { enabled = true }',
  },
});

export { type Ec2EbsEncryptionByDefaultParams, ec2EbsEncryptionByDefault };
