/**
 * rds-snapshot-not-public: no manual RDS DB snapshot owned by the account can be restored by
 * everyone (its `restore` attribute does not list `all`), as FSBP RDS.1 asks of DB snapshots. Notify
 * only, no remediation: a snapshot is sometimes made public on purpose (a sample database), and
 * removing `all` breaks whoever restores or copies it — a `disruptive` change that could never run
 * unattended.
 *
 * Reads what AWS Config records for AWS::RDS::DBSnapshot (awslabs/aws-config-resource-schema):
 * `supplementaryConfiguration.DBSnapshotAttributes[].{attributeName, attributeValues}` and
 * `configuration.{dBSnapshotIdentifier, dBInstanceIdentifier, snapshotType, encrypted, status}`. The
 * collector (`tasks/shared/inventory/rds-snapshots.ts`) records `unknown.DBSnapshotAttributes` when
 * it could not read them: an ERROR, never a guess. Automated snapshots cannot be shared (NOT_APPLICABLE).
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, listOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

/** The accounts of the `restore` attribute (`all` = anyone). */
function restorers(ci: ConfigurationItem): string[] {
  requireKnown(ci, 'DBSnapshotAttributes');
  const attributes = ci.supplementaryConfiguration.DBSnapshotAttributes;
  if (!Array.isArray(attributes)) {
    throw new UnknownPropertyError('DBSnapshotAttributes', 'not recorded in the configuration item');
  }
  return attributes
    .filter(isRecord)
    .filter((a) => stringOf(a.attributeName) === 'restore')
    .flatMap((a) => listOf(a.attributeValues))
    .filter((v): v is string => typeof v === 'string');
}

function label(ci: ConfigurationItem): string {
  const instance = stringOf(ci.configuration.dBInstanceIdentifier);
  return `DB snapshot ${ci.resourceName ?? ci.resourceId}${instance === undefined ? '' : ` (of ${instance})`}`;
}

function evaluate(ci: ConfigurationItem): Evaluation {
  const status = stringOf(ci.configuration.status);
  if (isGone(ci) || status === 'deleting') {
    return {
      status: 'NOT_APPLICABLE',
      message: `DB snapshot ${ci.resourceId} no longer exists or is being deleted (${status ?? ci.status})`,
    };
  }
  const type = stringOf(ci.configuration.snapshotType);
  if (type !== undefined && type !== 'manual') {
    return {
      status: 'NOT_APPLICABLE',
      message: `${label(ci)} is an ${type} snapshot, which RDS does not let anyone share`,
    };
  }
  const accounts = restorers(ci);
  const encrypted = booleanOf(ci.configuration.encrypted);
  const shared = [...new Set(accounts.filter((a) => a !== 'all'))];
  const evidence = { restore: accounts, ...(encrypted === undefined ? {} : { encrypted }) };
  if (!accounts.includes('all')) {
    const with_ = shared.length === 0 ? 'not shared' : `shared with ${shared.length} named account(s) only`;
    return { status: 'COMPLIANT', message: `${label(ci)} is ${with_}, not public`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `${label(ci)} can be restored by every AWS account; remove "all" from its restore attribute (ModifyDBSnapshotAttribute ValuesToRemove) unless it is published on purpose`,
    evidence,
  };
}

const rdsSnapshotNotPublic = defineRule({
  id: 'rds-snapshot-not-public',
  title: 'RDS DB snapshots are not public',
  severity: 'CRITICAL',
  controls: ['FSBP RDS.1'],
  controlsNote:
    'DB instance snapshots only: RDS.1 also covers DB cluster snapshots (Aurora), which Warden does not collect yet.',
  rationale:
    'Anyone with an AWS account can restore a public DB snapshot into a database of their own and read every table: customer records have leaked this way. Making one public is rarely but sometimes intended (a sample database), and taking it back breaks whoever restores it, so the rule notifies instead of remediating.',
  resourceTypes: ['AWS::RDS::DBSnapshot'],
  // ModifyDBSnapshotAttribute is how one is made public (CloudTrail names it in
  // requestParameters.dBSnapshotIdentifier); Config records the change too.
  triggers: {
    cloudTrail: [{ source: 'aws.rds', eventNames: ['ModifyDBSnapshotAttribute'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'not managed by CloudFormation (snapshot sharing is set with ModifyDBSnapshotAttribute)',
    change:
      'remove "all": aws rds modify-db-snapshot-attribute --db-snapshot-identifier <id> --attribute-name restore --values-to-remove all',
    terraform: 'share with named accounts only (aws_db_snapshot shared_accounts without "all")',
  },
});

export { rdsSnapshotNotPublic };
