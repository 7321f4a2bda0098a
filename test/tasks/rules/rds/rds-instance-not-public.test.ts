import { describe, expect, it } from 'vitest';
import { rdsInstanceNotPublic as rule } from '../../../../tasks/rules/rds/rds-instance-not-public';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'rds-instance-not-public';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('rds-instance-not-public: definition', () => {
  it('notifies, has no remediation and no parameters', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(defaults).toEqual({});
    expect(rule.parameters.safeParse({ allowPublic: true }).success).toBe(false);
  });
});

describe('rds-instance-not-public: evaluate', () => {
  it('publicly accessible is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'DB instance analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P) is publicly accessible: its endpoint resolves to a public IP address',
      evidence: { publiclyAccessible: true },
    });
  });

  it('not publicly accessible is compliant, also when Config recorded the string "false"', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'DB instance analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P) is not publicly accessible',
      evidence: { publiclyAccessible: false },
    });
    expect(rule.evaluate(fixture('compliant-string-boolean'), defaults).status).toBe('COMPLIANT');
  });

  it('an unrecorded publiclyAccessible is an error; deleting is not applicable', () => {
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
    expect(rule.evaluate(fixture('not-applicable-deleting'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: 'DB instance db-M2N3B4V5C6X7Z2L3K4J5H6G7F2 no longer exists or is being deleted (deleting)',
    });
  });

  it('iacHint names PubliclyAccessible', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'PubliclyAccessible',
      terraform: 'publicly_accessible = false on aws_db_instance',
    });
  });
});
