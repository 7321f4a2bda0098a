/**
 * What every AWS::RDS::DBInstance rule reads the same way: the instance's display name, whether it
 * is gone or being deleted (NOT_APPLICABLE for all of them), whether it is a member of a DB cluster
 * (Aurora, Multi-AZ DB clusters: backups, Multi-AZ and deletion protection live on the cluster), and a
 * recorded boolean setting (an unrecorded one is an ERROR, never a guess).
 *
 * Paths are AWS Config's (awslabs/aws-config-resource-schema, AWS::RDS::DBInstance):
 * `configuration.{dBInstanceIdentifier, dBInstanceStatus, dBClusterIdentifier}`.
 */
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, stringOf } from '../ci-values';

const GONE_STATUSES = new Set(['deleting']);

/** `identifier (dbi-resource-id)`, or the resource id alone when Config recorded no other name. */
function instanceName(ci: ConfigurationItem): string {
  const identifier = stringOf(ci.configuration.dBInstanceIdentifier) ?? ci.resourceName;
  return identifier === undefined || identifier === ci.resourceId ? ci.resourceId : `${identifier} (${ci.resourceId})`;
}

/** The NOT_APPLICABLE finding for a deleted item or an instance being deleted, else `undefined`. */
function goneInstance(ci: ConfigurationItem): Evaluation | undefined {
  const status = stringOf(ci.configuration.dBInstanceStatus);
  if (!isGone(ci) && (status === undefined || !GONE_STATUSES.has(status))) return undefined;
  return {
    status: 'NOT_APPLICABLE',
    message: `DB instance ${ci.resourceId} no longer exists or is being deleted (${status ?? ci.status})`,
  };
}

/** The NOT_APPLICABLE finding for a DB cluster member, whose `setting` is the cluster's, else `undefined`. */
function clusterMember(ci: ConfigurationItem, setting: string): Evaluation | undefined {
  const cluster = stringOf(ci.configuration.dBClusterIdentifier);
  if (cluster === undefined) return undefined;
  return {
    status: 'NOT_APPLICABLE',
    message: `DB instance ${instanceName(ci)} is a member of DB cluster ${cluster}, which holds its ${setting}`,
    evidence: { dBClusterIdentifier: cluster },
  };
}

/** `configuration[property]` as a boolean; throws `UnknownPropertyError` when Config did not record it. */
function recordedBoolean(ci: ConfigurationItem, property: string): boolean {
  const value = booleanOf(ci.configuration[property]);
  if (value === undefined) throw new UnknownPropertyError(property, 'not recorded in the configuration item');
  return value;
}

export { clusterMember, goneInstance, instanceName, recordedBoolean };
