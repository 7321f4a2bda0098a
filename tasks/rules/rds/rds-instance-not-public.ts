/**
 * rds-instance-not-public: no RDS DB instance is publicly accessible (FSBP RDS.2). Notify only:
 * turning public access off cuts every client that reaches the endpoint from outside the VPC.
 *
 * Reads `configuration.publiclyAccessible` as AWS Config records it for AWS::RDS::DBInstance
 * (awslabs/aws-config-resource-schema). Cluster members count too: public access is per instance.
 */
import { z } from 'zod';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { goneInstance, instanceName, recordedBoolean } from './db-instance';

const parameters = z.object({}).strict();

type RdsInstanceNotPublicParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const gone = goneInstance(ci);
  if (gone !== undefined) return gone;
  const publiclyAccessible = recordedBoolean(ci, 'publiclyAccessible');
  if (!publiclyAccessible) {
    return {
      status: 'COMPLIANT',
      message: `DB instance ${instanceName(ci)} is not publicly accessible`,
      evidence: { publiclyAccessible },
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `DB instance ${instanceName(ci)} is publicly accessible: its endpoint resolves to a public IP address`,
    evidence: { publiclyAccessible },
  };
}

const rdsInstanceNotPublic = defineRule<RdsInstanceNotPublicParams>({
  id: 'rds-instance-not-public',
  title: 'RDS DB instances are not publicly accessible',
  severity: 'CRITICAL',
  controls: ['FSBP RDS.2', 'CIS 2.3.3'],
  rationale:
    'A publicly accessible DB instance gets a public IP address, so only its security groups stand between the database and the internet. Turning public access off disconnects every client outside the VPC, so it notifies and the owner decides.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  triggers: {
    cloudTrail: [{ source: 'aws.rds', eventNames: ['CreateDBInstance'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'PubliclyAccessible',
    change: 'set PubliclyAccessible: false',
    cdk: 'publiclyAccessible: false',
    terraform: 'publicly_accessible = false on aws_db_instance',
  },
});

export { type RdsInstanceNotPublicParams, rdsInstanceNotPublic };
