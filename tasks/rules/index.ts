/**
 * The rule registry: one line per rule. Adding a rule = adding its file and one entry here
 * (the conformance test checks id = file name, permissions and fixtures). See docs/adding-a-rule.md.
 */
import { InvalidInputError } from '../shared/errors';
import { cloudtrailEncrypted } from './cloudtrail/cloudtrail-encrypted';
import { cloudtrailLogFileValidation } from './cloudtrail/cloudtrail-log-file-validation';
import { cloudtrailMultiRegionEnabled } from './cloudtrail/cloudtrail-multi-region-enabled';
import { configRecordingEnabled } from './config/config-recording-enabled';
import { dynamodbTablePitr } from './dynamodb/dynamodb-table-pitr';
import { ec2DefaultSecurityGroupClosed } from './ec2/ec2-default-security-group-closed';
import { ec2EbsEncryptionByDefault } from './ec2/ec2-ebs-encryption-by-default';
import { ec2InstanceAdminSecurityGroup } from './ec2/ec2-instance-admin-security-group';
import { ec2InstanceImdsv2Required } from './ec2/ec2-instance-imdsv2-required';
import { ec2InstanceNoPublicIp } from './ec2/ec2-instance-no-public-ip';
import { ec2InstanceRequiredTags } from './ec2/ec2-instance-required-tags';
import { ec2SecurityGroupHighRiskPorts } from './ec2/ec2-security-group-high-risk-ports';
import { ec2SecurityGroupOpenIngress } from './ec2/ec2-security-group-open-ingress';
import { ec2SecurityGroupUnused } from './ec2/ec2-security-group-unused';
import { ec2SnapshotNotPublic } from './ec2/ec2-snapshot-not-public';
import { ec2VolumeEncryption } from './ec2/ec2-volume-encryption';
import { guarddutyEnabled } from './guardduty/guardduty-enabled';
import { iamPasswordPolicy } from './iam/iam-password-policy';
import { iamPolicyNoFullAdmin } from './iam/iam-policy-no-full-admin';
import { iamRootHardwareMfa } from './iam/iam-root-hardware-mfa';
import { iamRootMfa } from './iam/iam-root-mfa';
import { iamRootNoAccessKeys } from './iam/iam-root-no-access-keys';
import { iamUserAccessKeysRotated } from './iam/iam-user-access-keys-rotated';
import { iamUserConsoleMfa } from './iam/iam-user-console-mfa';
import { iamUserNoDirectPolicies } from './iam/iam-user-no-direct-policies';
import { iamUserUnusedCredentials } from './iam/iam-user-unused-credentials';
import { kmsKeyRotation } from './kms/kms-key-rotation';
import { lambdaFunctionNotPublic } from './lambda/lambda-function-not-public';
import { lambdaFunctionSupportedRuntime } from './lambda/lambda-function-supported-runtime';
import { rdsInstanceAutoMinorVersionUpgrade } from './rds/rds-instance-auto-minor-version-upgrade';
import { rdsInstanceBackups } from './rds/rds-instance-backups';
import { rdsInstanceDeletionProtection } from './rds/rds-instance-deletion-protection';
import { rdsInstanceEncryptionAndTags } from './rds/rds-instance-encryption-and-tags';
import { rdsInstanceMultiAz } from './rds/rds-instance-multi-az';
import { rdsInstanceNotPublic } from './rds/rds-instance-not-public';
import { rdsSnapshotNotPublic } from './rds/rds-snapshot-not-public';
import type { Rule } from './rule';
import { s3AccountPublicAccessBlock } from './s3/s3-account-public-access-block';
import { s3BucketEncryption } from './s3/s3-bucket-encryption';
import { s3BucketLogging } from './s3/s3-bucket-logging';
import { s3BucketNoPublicRead } from './s3/s3-bucket-no-public-read';
import { s3BucketNoPublicWrite } from './s3/s3-bucket-no-public-write';
import { s3BucketPublicAccessBlock } from './s3/s3-bucket-public-access-block';
import { s3BucketSslOnly } from './s3/s3-bucket-ssl-only';
import { s3BucketVersioning } from './s3/s3-bucket-versioning';
import { securityhubEnabled } from './securityhub/securityhub-enabled';
import { vpcFlowLogsEnabled } from './vpc/vpc-flow-logs-enabled';
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
  iamRootNoAccessKeys,
  iamRootMfa,
  iamRootHardwareMfa,
  iamPasswordPolicy,
  iamUserNoDirectPolicies,
  iamUserAccessKeysRotated,
  iamUserUnusedCredentials,
  iamPolicyNoFullAdmin,
  iamUserConsoleMfa,
  // account baseline (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults)
  cloudtrailMultiRegionEnabled,
  cloudtrailEncrypted,
  cloudtrailLogFileValidation,
  configRecordingEnabled,
  guarddutyEnabled,
  securityhubEnabled,
  ec2EbsEncryptionByDefault,
  // S3
  s3BucketNoPublicRead,
  s3BucketNoPublicWrite,
  s3BucketSslOnly,
  s3BucketLogging,
  s3BucketVersioning,
  s3AccountPublicAccessBlock,
  // KMS, DynamoDB, Lambda
  kmsKeyRotation,
  dynamodbTablePitr,
  lambdaFunctionNotPublic,
  lambdaFunctionSupportedRuntime,
  // EC2 and RDS (snapshots, flow logs, network interfaces)
  vpcFlowLogsEnabled,
  ec2SnapshotNotPublic,
  rdsSnapshotNotPublic,
  ec2SecurityGroupUnused,
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
