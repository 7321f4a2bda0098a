import { describe, expect, it } from 'vitest';
import { rdsInstanceDeletionProtection as rule } from '../../../../tasks/rules/rds/rds-instance-deletion-protection';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'rds-instance-deletion-protection';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('rds-instance-deletion-protection: definition', () => {
  it('notifies, has no remediation and no parameters', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(defaults).toEqual({});
    expect(rule.parameters.safeParse({ enabled: false }).success).toBe(false);
  });
});

describe('rds-instance-deletion-protection: evaluate', () => {
  it('deletionProtection false is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'DB instance analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P) can be deleted without confirmation: deletion protection is off',
      evidence: { deletionProtection: false },
    });
  });

  it('deletionProtection true is compliant, also when Config recorded the string "true"', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'DB instance analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P) has deletion protection enabled',
      evidence: { deletionProtection: true },
    });
    expect(rule.evaluate(fixture('compliant-string-boolean'), defaults).status).toBe('COMPLIANT');
  });

  it('a DB cluster member is not applicable: the cluster holds its deletion protection', () => {
    expect(rule.evaluate(fixture('not-applicable-cluster-member'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message:
        'DB instance orders-aurora-instance-1 (db-T4U5V6W7X2Y3Z4A5B6C7D2E3F4) is a member of DB cluster orders-aurora, which holds its deletion protection',
      evidence: { dBClusterIdentifier: 'orders-aurora' },
    });
  });

  it('an unrecorded deletionProtection is an error; deleting is not applicable', () => {
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
    expect(rule.evaluate(fixture('not-applicable-deleting'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('iacHint names DeletionProtection', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'DeletionProtection',
      terraform: 'deletion_protection = true on aws_db_instance',
    });
  });
});
