/**
 * The collector registry: every collector written to the contract of `./collector.ts`, one line
 * each (grouped by area). The live sweep, the per-resource reader, the Config query and the audit
 * role's IAM actions are derived from this list. (The S3, EC2 and RDS collectors that predate the
 * contract are wired in `./index.ts` and `./live-reader.ts` directly.)
 */
import type { Collector } from './collector';
import { dynamodbTables } from './dynamodb-tables';
import { kmsKeys } from './kms-keys';
import { lambdaFunctions } from './lambda-functions';

const COLLECTORS: readonly Collector[] = [
  // IAM (global)
  // account baseline (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults)
  // S3
  // KMS, DynamoDB, Lambda
  kmsKeys,
  dynamodbTables,
  lambdaFunctions,
  // EC2 and RDS (snapshots, flow logs, network interfaces)
];

/** The registered collector that yields `resourceType`, if any. */
function collectorOf(resourceType: string): Collector | undefined {
  return COLLECTORS.find((collector) => collector.resourceTypes.includes(resourceType));
}

export { COLLECTORS, collectorOf };
