/**
 * The rule registry: one line per rule. Adding a rule = adding its file and one entry here
 * (the conformance test checks id = file name, permissions and fixtures). See docs/adding-a-rule.md.
 */
import { InvalidInputError } from '../shared/errors';
import { dynamodbTablePitr } from './dynamodb/dynamodb-table-pitr';
import { ec2DefaultSecurityGroupClosed } from './ec2/ec2-default-security-group-closed';
import { ec2InstanceAdminSecurityGroup } from './ec2/ec2-instance-admin-security-group';
import { ec2InstanceImdsv2Required } from './ec2/ec2-instance-imdsv2-required';
import { ec2InstanceNoPublicIp } from './ec2/ec2-instance-no-public-ip';
import { ec2InstanceRequiredTags } from './ec2/ec2-instance-required-tags';
import { ec2SecurityGroupHighRiskPorts } from './ec2/ec2-security-group-high-risk-ports';
import { ec2SecurityGroupOpenIngress } from './ec2/ec2-security-group-open-ingress';
import { ec2VolumeEncryption } from './ec2/ec2-volume-encryption';
import { kmsKeyRotation } from './kms/kms-key-rotation';
import { lambdaFunctionNotPublic } from './lambda/lambda-function-not-public';
import { lambdaFunctionSupportedRuntime } from './lambda/lambda-function-supported-runtime';
import { rdsInstanceAutoMinorVersionUpgrade } from './rds/rds-instance-auto-minor-version-upgrade';
import { rdsInstanceBackups } from './rds/rds-instance-backups';
import { rdsInstanceDeletionProtection } from './rds/rds-instance-deletion-protection';
import { rdsInstanceEncryptionAndTags } from './rds/rds-instance-encryption-and-tags';
import { rdsInstanceMultiAz } from './rds/rds-instance-multi-az';
import { rdsInstanceNotPublic } from './rds/rds-instance-not-public';
import type { Rule } from './rule';
import { s3BucketEncryption } from './s3/s3-bucket-encryption';
import { s3BucketPublicAccessBlock } from './s3/s3-bucket-public-access-block';
import { vpcSubnetIpExhaustion } from './vpc/vpc-subnet-ip-exhaustion';
import { vpcSubnetNoAutoPublicIp } from './vpc/vpc-subnet-no-auto-public-ip';

const RULES = [
  s3BucketEncryption,
  s3BucketPublicAccessBlock,
  ec2InstanceRequiredTags,
  ec2InstanceAdminSecurityGroup,
  ec2SecurityGroupOpenIngress,
  ec2VolumeEncryption,
  ec2DefaultSecurityGroupClosed,
  ec2InstanceNoPublicIp,
  ec2InstanceImdsv2Required,
  ec2SecurityGroupHighRiskPorts,
  vpcSubnetIpExhaustion,
  vpcSubnetNoAutoPublicIp,
  rdsInstanceEncryptionAndTags,
  rdsInstanceNotPublic,
  rdsInstanceDeletionProtection,
  rdsInstanceBackups,
  rdsInstanceMultiAz,
  rdsInstanceAutoMinorVersionUpgrade,
  // IAM (global)
  // account baseline (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults)
  // S3
  // KMS, DynamoDB, Lambda
  kmsKeyRotation,
  dynamodbTablePitr,
  lambdaFunctionNotPublic,
  lambdaFunctionSupportedRuntime,
  // EC2 and RDS (snapshots, flow logs, network interfaces)
] as const satisfies readonly Rule<unknown>[];

function ruleById(id: string): Rule<unknown> | undefined {
  return (RULES as readonly Rule<unknown>[]).find((rule) => rule.id === id);
}

/**
 * The rule's (resource or event rule's) parameters: `overrides` (e.g. from a config file or the Rules table; `undefined`/`null`
 * = none) parsed through the rule's schema, defaults filled in. Throws `InvalidInputError` naming
 * the rule and each bad field.
 */
function resolveRuleParameters<P>(
  rule: { readonly id: string; readonly parameters: Rule<P>['parameters'] },
  overrides: unknown,
): P {
  const result = rule.parameters.safeParse(overrides ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(parameters)';
    return `${field}: ${issue.message}`;
  });
  throw new InvalidInputError(`Invalid parameters for rule ${rule.id}: ${problems.join('; ')}`, {
    cause: result.error,
  });
}

export { RULES, resolveRuleParameters, ruleById };
