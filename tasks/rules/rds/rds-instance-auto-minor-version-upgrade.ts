/**
 * rds-instance-auto-minor-version-upgrade: every RDS DB instance takes minor engine upgrades (security
 * patches) automatically in its maintenance window (FSBP RDS.13). Notify only: an upgrade restarts the
 * database, and some teams pin a minor version on purpose.
 *
 * Reads `configuration.autoMinorVersionUpgrade` as AWS Config records it for AWS::RDS::DBInstance
 * (awslabs/aws-config-resource-schema). Cluster members count too: the setting is per instance.
 */
import { z } from 'zod';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { goneInstance, instanceName, recordedBoolean } from './db-instance';

const parameters = z.object({}).strict();

type RdsInstanceAutoMinorVersionUpgradeParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const gone = goneInstance(ci);
  if (gone !== undefined) return gone;
  const autoMinorVersionUpgrade = recordedBoolean(ci, 'autoMinorVersionUpgrade');
  if (autoMinorVersionUpgrade) {
    return {
      status: 'COMPLIANT',
      message: `DB instance ${instanceName(ci)} applies minor version upgrades automatically`,
      evidence: { autoMinorVersionUpgrade },
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `DB instance ${instanceName(ci)} does not apply minor version upgrades automatically: engine security patches wait for a manual upgrade`,
    evidence: { autoMinorVersionUpgrade },
  };
}

const rdsInstanceAutoMinorVersionUpgrade = defineRule<RdsInstanceAutoMinorVersionUpgradeParams>({
  id: 'rds-instance-auto-minor-version-upgrade',
  title: 'RDS DB instances apply minor engine version upgrades automatically',
  severity: 'HIGH',
  controls: ['FSBP RDS.13', 'CIS 2.3.2'],
  rationale:
    'Minor engine versions carry the security fixes; an instance that does not take them automatically stays exposed until someone upgrades it by hand. An upgrade restarts the database in its maintenance window and some teams pin versions on purpose, so it notifies.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  triggers: { cloudTrail: [{ source: 'aws.rds', eventNames: ['CreateDBInstance'] }], configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AutoMinorVersionUpgrade',
    change: 'set AutoMinorVersionUpgrade: true',
    cdk: 'autoMinorVersionUpgrade: true',
    terraform: 'auto_minor_version_upgrade = true on aws_db_instance',
  },
});

export { type RdsInstanceAutoMinorVersionUpgradeParams, rdsInstanceAutoMinorVersionUpgrade };
