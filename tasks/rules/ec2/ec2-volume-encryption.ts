/**
 * ec2-volume-encryption: every EBS volume is encrypted. EBS cannot encrypt an existing volume in
 * place (the fix is snapshot → encrypted copy → new volume → swap), so the default action is to notify.
 *
 * Optional remediation, off by default (`enableEbsEncryptionByDefault`): EnableEbsEncryptionByDefault
 * for the volume's account-region. That makes every *new* volume (and copy) in that region encrypted;
 * it does NOT encrypt this volume or any other existing one, which stays NON_COMPLIANT until replaced.
 *
 * Reads what AWS Config records for AWS::EC2::Volume (`configuration.{encrypted, kmsKeyId, state,
 * attachments[].instanceId}`, awslabs/aws-config-resource-schema).
 */
import { z } from 'zod';
import { sendApiCall } from '../../shared/api-calls';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, listOf, stateOf, stringOf } from '../ci-values';
import { type AwsClients, defineRule, type ResourceReference } from '../rule';

const GONE_STATES = new Set(['deleting', 'deleted']);

const parameters = z
  .object({
    /**
     * Remediate by turning on EBS encryption by default in the volume's account-region. Fixes new
     * volumes only, never the non-compliant one. With `false` there is no plan and `remediate` mode
     * notifies instead. @default false
     */
    enableEbsEncryptionByDefault: z.boolean().default(false),
  })
  .strict();

type Ec2VolumeEncryptionParams = z.infer<typeof parameters>;

function attachedTo(ci: ConfigurationItem): string[] {
  return listOf(ci.configuration.attachments)
    .map((a) => (isRecord(a) ? stringOf(a.instanceId) : undefined))
    .filter((id): id is string => id !== undefined);
}

function evaluate(ci: ConfigurationItem): Evaluation {
  const state = stateOf(ci.configuration.state);
  if (isGone(ci) || (state !== undefined && GONE_STATES.has(state))) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Volume ${ci.resourceId} no longer exists or is being deleted (${state ?? ci.status})`,
    };
  }
  const encrypted = booleanOf(ci.configuration.encrypted);
  if (encrypted === undefined) throw new UnknownPropertyError('encrypted', 'not recorded in the configuration item');
  const instances = attachedTo(ci);
  const kmsKeyId = stringOf(ci.configuration.kmsKeyId) ?? null;
  const evidence = { encrypted, kmsKeyId, attachedTo: instances, state: state ?? null };
  if (encrypted) {
    return {
      status: 'COMPLIANT',
      message: `Volume ${ci.resourceId} is encrypted${kmsKeyId === null ? '' : ` with ${kmsKeyId}`}`,
      evidence,
    };
  }
  const where = instances.length > 0 ? ` (attached to ${instances.join(', ')})` : ' (not attached)';
  return {
    status: 'NON_COMPLIANT',
    message: `Volume ${ci.resourceId}${where} is not encrypted; EBS cannot encrypt it in place: snapshot it, copy the snapshot with encryption and replace the volume`,
    evidence,
  };
}

function plan(_ci: ConfigurationItem, params: Ec2VolumeEncryptionParams): ApiCall[] {
  if (!params.enableEbsEncryptionByDefault) return [];
  return [{ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: {} }];
}

/**
 * What this remediation changes is the account-region setting, not the volume: that is what is read
 * right before (already on → nothing sent) and read back after.
 */
async function readLive(clients: AwsClients, ref: ResourceReference): Promise<Evaluation> {
  const output = (await sendApiCall(clients, {
    service: 'ec2',
    operation: 'GetEbsEncryptionByDefault',
    input: {},
  })) as { EbsEncryptionByDefault?: boolean };
  const enabled = output.EbsEncryptionByDefault;
  if (typeof enabled !== 'boolean') {
    throw new UnknownPropertyError('EbsEncryptionByDefault', 'GetEbsEncryptionByDefault did not say');
  }
  const where = `${ref.accountId}/${ref.region}`;
  return enabled
    ? {
        status: 'COMPLIANT',
        message: `EBS encryption by default is on in ${where}: new volumes are encrypted (${ref.resourceId} itself stays unencrypted until replaced)`,
        evidence: { ebsEncryptionByDefault: true },
      }
    : {
        status: 'NON_COMPLIANT',
        message: `EBS encryption by default is off in ${where}`,
        evidence: { ebsEncryptionByDefault: false },
      };
}

const ec2VolumeEncryption = defineRule<Ec2VolumeEncryptionParams>({
  id: 'ec2-volume-encryption',
  title: 'EBS volumes are encrypted',
  severity: 'MEDIUM',
  controls: ['FSBP EC2.3'],
  controlsNote:
    'Stricter than FSBP EC2.3, which checks attached (in-use) volumes only: unattached volumes count too. The optional remediation turns on EBS encryption by default for the region, which is what FSBP EC2.7 / CIS 2.2.1 check; that setting is judged by ec2-ebs-encryption-by-default, which owns those controls.',
  rationale:
    'An unencrypted volume, and every snapshot of it, can be read by whoever gets a copy. EBS cannot encrypt a volume in place, so the rule notifies; its optional remediation only makes new volumes encrypted, and it is disruptive: after it, instance types without EBS encryption support can no longer be launched in the region.',
  resourceTypes: ['AWS::EC2::Volume'],
  triggers: {
    cloudTrail: [{ source: 'aws.ec2', eventNames: ['CreateVolume'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  remediation: {
    risk: 'disruptive',
    // An account-region setting, named by no input field; enabling it again is a no-op.
    operations: [{ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', target: null }],
    liveReads: [{ service: 'ec2', operation: 'GetEbsEncryptionByDefault' }],
    plan,
    readLive,
  },
  iac: {
    cloudformation: 'Encrypted',
    change:
      'set Encrypted: true (optionally KmsKeyId); changing it replaces the volume, so migrate the data through an encrypted snapshot copy',
    cdk: 'new ec2.Volume(this, …, { encrypted: true }) / ec2.BlockDeviceVolume.ebs(size, { encrypted: true })',
    terraform: 'encrypted = true on aws_ebs_volume (or root_block_device / ebs_block_device of aws_instance)',
  },
});

export { type Ec2VolumeEncryptionParams, ec2VolumeEncryption };
