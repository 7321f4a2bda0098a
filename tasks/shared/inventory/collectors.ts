/**
 * The collector registry: every collector written to the contract of `./collector.ts`, one line
 * each (grouped by area). The live sweep, the per-resource reader, the Config query and the audit
 * role's IAM actions are derived from this list. (The S3, EC2 and RDS collectors that predate the
 * contract are wired in `./index.ts` and `./live-reader.ts` directly.)
 */
import { cloudtrailAccountTrails, cloudtrailTrails } from './cloudtrail-trails';
import type { Collector } from './collector';
import { configRecorders } from './config-recorders';
import { dynamodbTables } from './dynamodb-tables';
import { ebsEncryptionByDefault } from './ebs-encryption-by-default';
import { ec2FlowLogsCollector } from './ec2-flow-logs';
import { ec2NetworkInterfacesCollector } from './ec2-network-interfaces';
import { ec2SnapshotsCollector } from './ec2-snapshots';
import { guarddutyDetectors } from './guardduty-detectors';
import { iamAccountCollector } from './iam-account';
import { iamPoliciesCollector } from './iam-policies';
import { iamUsersCollector } from './iam-users';
import { kmsKeys } from './kms-keys';
import { lambdaFunctions } from './lambda-functions';
import { rdsSnapshotsCollector } from './rds-snapshots';
import { securityhubHub } from './securityhub-hub';

const COLLECTORS: readonly Collector[] = [
  // IAM (global)
  iamAccountCollector,
  iamUsersCollector,
  iamPoliciesCollector,
  // account baseline (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults)
  cloudtrailTrails,
  cloudtrailAccountTrails,
  configRecorders,
  guarddutyDetectors,
  securityhubHub,
  ebsEncryptionByDefault,
  // S3
  // KMS, DynamoDB, Lambda
  kmsKeys,
  dynamodbTables,
  lambdaFunctions,
  // EC2 and RDS (snapshots, flow logs, network interfaces)
  ec2FlowLogsCollector,
  ec2NetworkInterfacesCollector,
  ec2SnapshotsCollector,
  rdsSnapshotsCollector,
];

/** The registered collector that yields `resourceType`, if any. */
function collectorOf(resourceType: string): Collector | undefined {
  return COLLECTORS.find((collector) => collector.resourceTypes.includes(resourceType));
}

export { COLLECTORS, collectorOf };
