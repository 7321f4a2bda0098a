/**
 * Least-privilege grants, spelled out: the exact actions a task's code calls, on the exact
 * resources (table and its indexes, object prefix), plus the KMS actions those calls need on the
 * Warden key. CDK's `grantReadData`/`grantRead` grant wildcard action families
 * (`dynamodb:GetRecords`, `s3:List*`, `kms:ReEncrypt*`) that no Warden task uses.
 */
import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { TableReadOperation, TableWriteOperation } from '../tasks/shared/task-manifest';

/**
 * DynamoDB `operations` on `table` (and on the named `indexes`, for Query/Scan on them). With a customer-managed key,
 * DynamoDB needs `kms:Decrypt` and `kms:DescribeKey` from the caller for reads and writes alike
 * (the table key is encrypted under the CMK); writes also `kms:Encrypt`/`kms:GenerateDataKey`.
 */
function grantTable(
  grantee: iam.IGrantable,
  table: dynamodb.ITableV2,
  operations: readonly (TableReadOperation | TableWriteOperation)[],
  key?: kms.IKey,
  options: { readonly indexes?: readonly string[] } = {},
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...new Set(operations)].sort().map((op) => `dynamodb:${op}`),
      resources: [table.tableArn, ...(options.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`)],
    }),
  );
  if (key !== undefined) {
    const writes = operations.some((op) => !['GetItem', 'BatchGetItem', 'Query', 'Scan'].includes(op));
    grantKey(
      grantee,
      key,
      writes
        ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
        : ['kms:Decrypt', 'kms:DescribeKey'],
    );
  }
}

/** `s3:GetObject` under `prefix` (e.g. `inventories/`), and `kms:Decrypt` for SSE-KMS objects. */
function grantObjectsRead(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string, key?: kms.IKey): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
  );
  if (key !== undefined) grantKey(grantee, key, ['kms:Decrypt']);
}

/** `s3:PutObject` under `prefix`, and `kms:GenerateDataKey` for SSE-KMS. */
function grantObjectsWrite(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string, key?: kms.IKey): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
  );
  if (key !== undefined) grantKey(grantee, key, ['kms:GenerateDataKey']);
}

/** `ssm:GetParameter` on one parameter (what the kill switch reader calls; a String parameter needs no KMS). */
function grantParameterRead(grantee: iam.IGrantable, parameter: ssm.IParameter): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameter.parameterArn] }),
  );
}

/**
 * `sns:Publish` on the topic, and exactly the KMS actions publishing to an encrypted topic needs
 * (not `grantPublish`'s wildcard `kms:GenerateDataKey*`).
 */
function grantPublish(grantee: iam.IGrantable, topic: sns.ITopic, key?: kms.IKey): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
  );
  if (key !== undefined) grantKey(grantee, key, ['kms:Decrypt', 'kms:GenerateDataKey']);
}

function grantKey(grantee: iam.IGrantable, key: kms.IKey, actions: readonly string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [...actions], resources: [key.keyArn] }),
  );
}

/**
 * `sts:AssumeRole` on the named Warden role in any member account of the organization: the account
 * is not known at deploy time (`*`), the organization is (`aws:ResourceOrgID`), and the member role's
 * trust policy names this task's role back.
 */
function assumeMemberRoleStatement(scope: Construct, roleName: string, organizationId: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: `Assume${roleName.replace(/[^A-Za-z0-9]/g, '')}InMemberAccounts`,
    actions: ['sts:AssumeRole'],
    resources: [`arn:${Stack.of(scope).partition}:iam::*:role/${roleName}`],
    conditions: { StringEquals: { 'aws:ResourceOrgID': organizationId } },
  });
}

export {
  assumeMemberRoleStatement,
  grantKey,
  grantObjectsRead,
  grantObjectsWrite,
  grantParameterRead,
  grantPublish,
  grantTable,
};
