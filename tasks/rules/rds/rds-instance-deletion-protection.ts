/**
 * rds-instance-deletion-protection: no RDS DB instance can be deleted without first turning deletion
 * protection off (FSBP RDS.8). Notify only: deletion protection also blocks the deletions a team's own
 * automation makes (stack teardown, sandbox clean-up), so the owner turns it on.
 *
 * Reads `configuration.deletionProtection` as AWS Config records it for AWS::RDS::DBInstance
 * (awslabs/aws-config-resource-schema). Members of a DB cluster are NOT_APPLICABLE: an Aurora
 * cluster's deletion protection is the cluster's.
 */
import { z } from 'zod';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { clusterMember, goneInstance, instanceName, recordedBoolean } from './db-instance';

const parameters = z.object({}).strict();

type RdsInstanceDeletionProtectionParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const gone = goneInstance(ci);
  if (gone !== undefined) return gone;
  const member = clusterMember(ci, 'deletion protection');
  if (member !== undefined) return member;
  const deletionProtection = recordedBoolean(ci, 'deletionProtection');
  if (deletionProtection) {
    return {
      status: 'COMPLIANT',
      message: `DB instance ${instanceName(ci)} has deletion protection enabled`,
      evidence: { deletionProtection },
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `DB instance ${instanceName(ci)} can be deleted without confirmation: deletion protection is off`,
    evidence: { deletionProtection },
  };
}

const rdsInstanceDeletionProtection = defineRule<RdsInstanceDeletionProtectionParams>({
  id: 'rds-instance-deletion-protection',
  title: 'RDS DB instances have deletion protection enabled',
  severity: 'LOW',
  controls: ['FSBP RDS.8'],
  rationale:
    "Without deletion protection one API call (or a stack teardown) deletes the database and, unless final snapshots are kept, its data. Turning it on also blocks the owner's own automated deletions, so it notifies rather than changing it.",
  resourceTypes: ['AWS::RDS::DBInstance'],
  triggers: { cloudTrail: [{ source: 'aws.rds', eventNames: ['CreateDBInstance'] }], configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'DeletionProtection',
    change: 'set DeletionProtection: true',
    cdk: 'deletionProtection: true',
    terraform: 'deletion_protection = true on aws_db_instance',
  },
});

export { type RdsInstanceDeletionProtectionParams, rdsInstanceDeletionProtection };
