/**
 * ec2-snapshot-not-public: no EBS snapshot owned by the account can be restored by everyone (its
 * createVolumePermission does not include the `all` group), as FSBP EC2.1 asks. Notify only, no
 * remediation: a public snapshot is sometimes published on purpose (a public data set, the backing
 * snapshot of a shared AMI), and removing `all` breaks whoever restores it — a `disruptive` change
 * that could never run unattended.
 *
 * Reads the `AWS::EC2::Snapshot` item of `tasks/shared/inventory/ec2-snapshots.ts` (Config does not
 * record EBS snapshots): `configuration.{createVolumePermissions[].group, encrypted, volumeId,
 * volumeSize, state}`. Who may restore it is unknown when the collector could not list the public
 * snapshots (`unknown.createVolumePermissions`): an ERROR, never a guess.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, numberOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

/** The createVolumePermission groups recorded for the snapshot (`all` = anyone may restore it). */
function groupsOf(ci: ConfigurationItem): string[] {
  requireKnown(ci, 'createVolumePermissions');
  const permissions = ci.configuration.createVolumePermissions;
  if (!Array.isArray(permissions)) {
    throw new UnknownPropertyError('createVolumePermissions', 'not recorded in the configuration item');
  }
  return permissions
    .filter(isRecord)
    .map((p) => stringOf(p.group))
    .filter((g) => g !== undefined);
}

function label(ci: ConfigurationItem): string {
  const volume = stringOf(ci.configuration.volumeId);
  const size = numberOf(ci.configuration.volumeSize);
  const of = [volume === undefined ? undefined : `of ${volume}`, size === undefined ? undefined : `${size} GiB`];
  const details = of.filter((d) => d !== undefined).join(', ');
  return `EBS snapshot ${ci.resourceId}${details === '' ? '' : ` (${details})`}`;
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci) || stringOf(ci.configuration.state) === 'error') {
    return {
      status: 'NOT_APPLICABLE',
      message: `EBS snapshot ${ci.resourceId} no longer exists or failed (${stringOf(ci.configuration.state) ?? ci.status})`,
    };
  }
  const groups = groupsOf(ci);
  const encrypted = booleanOf(ci.configuration.encrypted);
  const evidence = { createVolumePermissionGroups: groups, ...(encrypted === undefined ? {} : { encrypted }) };
  if (!groups.includes('all')) {
    return { status: 'COMPLIANT', message: `${label(ci)} is not publicly restorable`, evidence };
  }
  const note = encrypted === true ? ' (encrypted: only accounts the KMS key allows can use it)' : '';
  return {
    status: 'NON_COMPLIANT',
    message: `${label(ci)} can be restored by every AWS account${note}; remove the "all" group from its createVolumePermission unless it is published on purpose`,
    evidence,
  };
}

const ec2SnapshotNotPublic = defineRule({
  id: 'ec2-snapshot-not-public',
  title: 'EBS snapshots are not publicly restorable',
  severity: 'CRITICAL',
  controls: ['FSBP EC2.1'],
  rationale:
    'Anyone with an AWS account can create a volume from a public snapshot and read the disk it copied: databases, keys and source code have leaked this way. Publishing one is occasionally intended (a public data set, a shared AMI), and taking it back breaks whoever restores it, so the rule notifies instead of remediating.',
  resourceTypes: ['AWS::EC2::Snapshot'],
  // Config does not record EBS snapshots (no Config change); ModifySnapshotAttribute is how one is made
  // public (CloudTrail names it in requestParameters.snapshotId).
  triggers: { cloudTrail: [{ source: 'aws.ec2', eventNames: ['ModifySnapshotAttribute'] }], sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'not managed by CloudFormation (snapshot permissions are set with ModifySnapshotAttribute)',
    change:
      'remove the "all" group: aws ec2 modify-snapshot-attribute --snapshot-id <id> --attribute createVolumePermission --operation-type remove --group-names all',
    terraform: 'share with named accounts only (aws_snapshot_create_volume_permission with account_id), never "all"',
  },
});

export { ec2SnapshotNotPublic };
