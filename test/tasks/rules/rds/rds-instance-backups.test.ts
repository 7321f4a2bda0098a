import { describe, expect, it } from 'vitest';
import { rdsInstanceBackups as rule } from '../../../../tasks/rules/rds/rds-instance-backups';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 'rds-instance-backups';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const NAME = 'analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P)';

describe('rds-instance-backups: definition', () => {
  it('notifies, has no remediation and RDS.11’s 7-day default', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(defaults).toEqual({ minRetentionDays: 7 });
    for (const bad of [0, 36, 1.5]) expect(rule.parameters.safeParse({ minRetentionDays: bad }).success).toBe(false);
  });
});

describe('rds-instance-backups: evaluate', () => {
  it('backups off (retention 0) and a retention below the minimum are non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: `DB instance ${NAME} has automated backups turned off (at least 7 required)`,
      evidence: { backupRetentionPeriod: 0, minRetentionDays: 7 },
    });
    expect(rule.evaluate(fixture('non-compliant-short-retention'), defaults).message).toBe(
      `DB instance ${NAME} keeps automated backups for only 3 days (at least 7 required)`,
    );
  });

  it('the minimum itself is compliant; a numeric string counts; the minimum is a parameter', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: `DB instance ${NAME} keeps automated backups for 7 days`,
      evidence: { backupRetentionPeriod: 7, minRetentionDays: 7 },
    });
    expect(rule.evaluate(fixture('compliant-string-number'), defaults).status).toBe('COMPLIANT');
    const custom = readRuleFixtureCase(RULE_ID, 'compliant-custom-minimum');
    expect(rule.evaluate(custom.ci, rule.parameters.parse(custom.parameters)).status).toBe('COMPLIANT');
  });

  it('read replicas and DB cluster members are not applicable, deleted instances too', () => {
    expect(rule.evaluate(fixture('not-applicable-read-replica'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: `DB instance ${NAME} is a read replica of analytics-primary, whose backups cover it`,
    });
    expect(rule.evaluate(fixture('not-applicable-cluster-member'), defaults).message).toBe(
      'DB instance orders-aurora-instance-1 (db-T4U5V6W7X2Y3Z4A5B6C7D2E3F4) is a member of DB cluster orders-aurora, which holds its backup retention',
    );
    expect(rule.evaluate(fixture('not-applicable-deleting'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('an unrecorded backupRetentionPeriod is an error', () => {
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });

  it('iacHint asks for the configured minimum', () => {
    expect(rule.iacHint(fixture('non-compliant'), rule.parameters.parse({ minRetentionDays: 14 }))).toMatchObject({
      propertyPath: 'BackupRetentionPeriod',
      suggestedChange: 'set BackupRetentionPeriod: 14 or more',
    });
  });
});
