/**
 * rds-instance-multi-az: every RDS DB instance has a Multi-AZ standby (FSBP RDS.5). Notify only:
 * converting to Multi-AZ doubles the instance cost and can slow writes, a choice for the owner.
 *
 * Reads `configuration.multiAZ` as AWS Config records it for AWS::RDS::DBInstance (awslabs/aws-config-
 * resource-schema). Members of a DB cluster are NOT_APPLICABLE: an Aurora cluster's availability comes
 * from its own replicas across AZs.
 */
import { z } from 'zod';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { clusterMember, goneInstance, instanceName, recordedBoolean } from './db-instance';

const parameters = z.object({}).strict();

type RdsInstanceMultiAzParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const gone = goneInstance(ci);
  if (gone !== undefined) return gone;
  const member = clusterMember(ci, 'Multi-AZ placement');
  if (member !== undefined) return member;
  const multiAZ = recordedBoolean(ci, 'multiAZ');
  if (multiAZ) {
    return { status: 'COMPLIANT', message: `DB instance ${instanceName(ci)} is Multi-AZ`, evidence: { multiAZ } };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `DB instance ${instanceName(ci)} runs in a single Availability Zone: an AZ outage stops it`,
    evidence: { multiAZ },
  };
}

const rdsInstanceMultiAz = defineRule<RdsInstanceMultiAzParams>({
  id: 'rds-instance-multi-az',
  title: 'RDS DB instances are deployed in multiple Availability Zones',
  severity: 'MEDIUM',
  controls: ['FSBP RDS.5'],
  rationale:
    'A single-AZ instance goes down with its Availability Zone and during some maintenance, and recovery means a restore. Multi-AZ doubles the instance cost and adds write latency, which only the owner can weigh, so it notifies.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  triggers: { cloudTrail: [{ source: 'aws.rds', eventNames: ['CreateDBInstance'] }], configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'MultiAZ',
    change: 'set MultiAZ: true',
    cdk: 'multiAz: true',
    terraform: 'multi_az = true on aws_db_instance',
  },
});

export { type RdsInstanceMultiAzParams, rdsInstanceMultiAz };
