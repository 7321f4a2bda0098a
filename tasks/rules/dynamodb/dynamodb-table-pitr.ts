/**
 * dynamodb-table-pitr: every DynamoDB table has point-in-time recovery on (FSBP DynamoDB.2).
 * Remediation: UpdateContinuousBackups with PointInTimeRecoveryEnabled, safe (reads, writes and
 * capacity are untouched) but notify by default: PITR is billed per GB-month of table size, so turning
 * it on for a large table is a cost decision its owner makes.
 *
 * Reads what AWS Config records for AWS::DynamoDB::Table (awslabs/aws-config-resource-schema):
 * `supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`
 * (`ENABLED` / `DISABLED`) and `configuration.tableStatus`. NOT_APPLICABLE: deleted tables and tables
 * being deleted or archived (their KMS key is inaccessible; they cannot be changed).
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z
  .object({
    /** Days of continuous backups UpdateContinuousBackups keeps (DynamoDB allows 1 to 35). @default 35 */
    recoveryPeriodInDays: z.number().int().min(1).max(35).default(35),
  })
  .strict();

type DynamodbTablePitrParams = z.infer<typeof parameters>;

/** Table states in which the table cannot be changed (deleted, or archived after its KMS key became inaccessible). */
const UNCHANGEABLE = new Set(['DELETING', 'ARCHIVING', 'ARCHIVED']);

function pitrStatus(ci: ConfigurationItem): string {
  requireKnown(ci, 'ContinuousBackupsDescription');
  const description = ci.supplementaryConfiguration.ContinuousBackupsDescription;
  const pitr = isRecord(description) ? description.pointInTimeRecoveryDescription : undefined;
  const status = isRecord(pitr) ? stringOf(pitr.pointInTimeRecoveryStatus) : undefined;
  if (status === undefined) {
    throw new UnknownPropertyError('ContinuousBackupsDescription', 'no pointInTimeRecoveryStatus recorded');
  }
  return status;
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `Table ${ci.resourceId} no longer exists (${ci.status})` };
  const tableStatus = stringOf(ci.configuration.tableStatus);
  if (tableStatus !== undefined && UNCHANGEABLE.has(tableStatus)) {
    return { status: 'NOT_APPLICABLE', message: `Table ${ci.resourceId} is ${tableStatus}` };
  }
  const status = pitrStatus(ci);
  const evidence = { pointInTimeRecoveryStatus: status };
  return status === 'ENABLED'
    ? { status: 'COMPLIANT', message: `Table ${ci.resourceId} has point-in-time recovery enabled`, evidence }
    : {
        status: 'NON_COMPLIANT',
        message: `Table ${ci.resourceId} has point-in-time recovery ${status.toLowerCase()}: a bad write or delete cannot be undone`,
        evidence,
      };
}

function plan(ci: ConfigurationItem, params: DynamodbTablePitrParams): ApiCall[] {
  return [
    {
      service: 'dynamodb',
      operation: 'UpdateContinuousBackups',
      input: {
        TableName: ci.resourceId,
        PointInTimeRecoverySpecification: {
          PointInTimeRecoveryEnabled: true,
          RecoveryPeriodInDays: params.recoveryPeriodInDays,
        },
      },
    },
  ];
}

const dynamodbTablePitr = defineRule<DynamodbTablePitrParams>({
  id: 'dynamodb-table-pitr',
  title: 'DynamoDB tables have point-in-time recovery enabled',
  severity: 'MEDIUM',
  controls: ['FSBP DynamoDB.2'],
  rationale:
    'Without point-in-time recovery a DynamoDB table can only be restored from on-demand backups someone remembered to take: a faulty deployment that overwrites items or a deleted table loses everything since. Turning it on changes nothing for readers and writers but is billed by table size, so the rule notifies and leaves the cost decision to the owner (set mode remediate to turn it on everywhere).',
  resourceTypes: ['AWS::DynamoDB::Table'],
  triggers: {
    cloudTrail: [{ source: 'aws.dynamodb', eventNames: ['CreateTable', 'UpdateContinuousBackups'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  remediation: {
    risk: 'safe',
    operations: [{ service: 'dynamodb', operation: 'UpdateContinuousBackups', target: 'TableName' }],
    plan,
  },
  iac: {
    cloudformation: 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled',
    change: (_ci, params) =>
      `set PointInTimeRecoveryEnabled: true (RecoveryPeriodInDays: ${params.recoveryPeriodInDays})`,
    cdk: (_ci, params) =>
      `pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: ${params.recoveryPeriodInDays} }`,
    terraform: (_ci, params) =>
      `point_in_time_recovery { enabled = true, recovery_period_in_days = ${params.recoveryPeriodInDays} } on aws_dynamodb_table`,
  },
});

export { type DynamodbTablePitrParams, dynamodbTablePitr };
