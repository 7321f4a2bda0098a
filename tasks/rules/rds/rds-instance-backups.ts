/**
 * rds-instance-backups: every RDS DB instance keeps automated backups for at least
 * `minRetentionDays` days (FSBP RDS.11, whose default minimum is 7). Notify only: longer retention
 * costs backup storage, and setting it on a running instance can start a backup at once.
 *
 * Reads `configuration.backupRetentionPeriod` (0 = automated backups off) and
 * `configuration.readReplicaSourceDBInstanceIdentifier` as AWS Config records them for
 * AWS::RDS::DBInstance (awslabs/aws-config-resource-schema). NOT_APPLICABLE: read replicas (their
 * source is backed up, as RDS.11 excludes them) and DB cluster members (the cluster's retention
 * applies).
 */
import { z } from 'zod';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { numberOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';
import { clusterMember, goneInstance, instanceName } from './db-instance';

const parameters = z
  .object({
    /** Fewest days of automated backups an instance keeps (RDS allows 1 to 35). @default 7 */
    minRetentionDays: z.number().int().min(1).max(35).default(7),
  })
  .strict();

type RdsInstanceBackupsParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem, params: RdsInstanceBackupsParams): Evaluation {
  const gone = goneInstance(ci) ?? clusterMember(ci, 'backup retention');
  if (gone !== undefined) return gone;
  const source = stringOf(ci.configuration.readReplicaSourceDBInstanceIdentifier);
  if (source !== undefined) {
    return {
      status: 'NOT_APPLICABLE',
      message: `DB instance ${instanceName(ci)} is a read replica of ${source}, whose backups cover it`,
    };
  }
  const days = numberOf(ci.configuration.backupRetentionPeriod);
  if (days === undefined)
    throw new UnknownPropertyError('backupRetentionPeriod', 'not recorded in the configuration item');
  const evidence = { backupRetentionPeriod: days, minRetentionDays: params.minRetentionDays };
  if (days >= params.minRetentionDays) {
    return {
      status: 'COMPLIANT',
      message: `DB instance ${instanceName(ci)} keeps automated backups for ${days} days`,
      evidence,
    };
  }
  const what = days === 0 ? 'has automated backups turned off' : `keeps automated backups for only ${days} days`;
  return {
    status: 'NON_COMPLIANT',
    message: `DB instance ${instanceName(ci)} ${what} (at least ${params.minRetentionDays} required)`,
    evidence,
  };
}

const rdsInstanceBackups = defineRule<RdsInstanceBackupsParams>({
  id: 'rds-instance-backups',
  title: 'RDS DB instances keep automated backups long enough',
  severity: 'MEDIUM',
  controls: ['FSBP RDS.11'],
  rationale:
    'Without automated backups an RDS instance has no point-in-time recovery: a bad migration or a deleted table is lost. A longer retention costs backup storage and changing it can start a backup during working hours, so it notifies.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  triggers: { cloudTrail: [{ source: 'aws.rds', eventNames: ['CreateDBInstance'] }], configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'BackupRetentionPeriod',
    change: (_ci, params) => `set BackupRetentionPeriod: ${params.minRetentionDays} or more`,
    cdk: (_ci, params) => `backupRetention: Duration.days(${params.minRetentionDays})`,
    terraform: (_ci, params) => `backup_retention_period = ${params.minRetentionDays} on aws_db_instance`,
  },
});

export { type RdsInstanceBackupsParams, rdsInstanceBackups };
