import { describe, expect, it } from 'vitest';
import { rdsInstanceAutoMinorVersionUpgrade as rule } from '../../../../tasks/rules/rds/rds-instance-auto-minor-version-upgrade';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'rds-instance-auto-minor-version-upgrade';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('rds-instance-auto-minor-version-upgrade: definition', () => {
  it('notifies, has no remediation and no parameters', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(defaults).toEqual({});
    expect(rule.parameters.safeParse({ enabled: false }).success).toBe(false);
  });
});

describe('rds-instance-auto-minor-version-upgrade: evaluate', () => {
  it('autoMinorVersionUpgrade false is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'DB instance analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P) does not apply minor version upgrades automatically: engine security patches wait for a manual upgrade',
      evidence: { autoMinorVersionUpgrade: false },
    });
  });

  it('autoMinorVersionUpgrade true is compliant, also when Config recorded the string "true"', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message:
        'DB instance analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P) applies minor version upgrades automatically',
      evidence: { autoMinorVersionUpgrade: true },
    });
    expect(rule.evaluate(fixture('compliant-string-boolean'), defaults).status).toBe('COMPLIANT');
  });

  it('a DB cluster member is evaluated too: the setting is per instance', () => {
    expect(rule.evaluate(fixture('non-compliant-cluster-member'), defaults).message).toBe(
      'DB instance orders-aurora-instance-1 (db-T4U5V6W7X2Y3Z4A5B6C7D2E3F4) does not apply minor version upgrades automatically: engine security patches wait for a manual upgrade',
    );
  });

  it('an unrecorded autoMinorVersionUpgrade is an error; deleting is not applicable', () => {
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
    expect(rule.evaluate(fixture('not-applicable-deleting'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('iacHint names AutoMinorVersionUpgrade', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'AutoMinorVersionUpgrade',
      terraform: 'auto_minor_version_upgrade = true on aws_db_instance',
    });
  });
});
