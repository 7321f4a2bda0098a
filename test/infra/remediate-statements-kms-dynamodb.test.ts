/**
 * The WardenRemediate statements for the KMS and DynamoDB remediations: the writes and the re-reads
 * around them act on this account's keys and tables (any region), never on "*"; the listings, which
 * have no resource-level permissions (Service Authorization Reference), are the only unscoped actions.
 */
import { describe, expect, it } from 'vitest';
import { remediateActions, remediateStatements } from '../../infra/permissions';
import { dynamodbTablePitr } from '../../tasks/rules/dynamodb/dynamodb-table-pitr';
import { kmsKeyRotation } from '../../tasks/rules/kms/kms-key-rotation';
import { parseWardenConfig } from '../../tasks/shared/config';

describe('remediateStatements: KMS keys and DynamoDB tables', () => {
  const actions = [
    ...(kmsKeyRotation.remediation?.permissions ?? []),
    ...kmsKeyRotation.permissions.read,
    ...(dynamodbTablePitr.remediation?.permissions ?? []),
    ...dynamodbTablePitr.permissions.read,
  ];
  const statements = remediateStatements(actions, 'aws', '111111111111');

  it('scopes the key and table actions to this account', () => {
    expect(statements).toEqual([
      {
        sid: 'KmsKeysOfThisAccount',
        actions: ['kms:DescribeKey', 'kms:EnableKeyRotation', 'kms:GetKeyRotationStatus'],
        resources: ['arn:aws:kms:*:111111111111:key/*'],
      },
      {
        sid: 'DynamoDbTablesOfThisAccount',
        actions: ['dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTable', 'dynamodb:UpdateContinuousBackups'],
        resources: ['arn:aws:dynamodb:*:111111111111:table/*'],
      },
      { sid: 'WithoutResourceLevelPermissions', actions: ['dynamodb:ListTables', 'kms:ListKeys'], resources: ['*'] },
    ]);
  });

  it('both remediations are granted by default, and neither once its rule is disabled', () => {
    expect(remediateActions(parseWardenConfig({}))).toEqual(
      expect.arrayContaining(['kms:EnableKeyRotation', 'dynamodb:UpdateContinuousBackups']),
    );
    const disabled = parseWardenConfig({
      rules: { 'kms-key-rotation': { enabled: false }, 'dynamodb-table-pitr': { enabled: false } },
    });
    expect(remediateActions(disabled)).not.toContain('kms:EnableKeyRotation');
    expect(remediateActions(disabled)).not.toContain('dynamodb:UpdateContinuousBackups');
  });
});
