import { describe, expect, it } from 'vitest';
import { rdsSnapshotNotPublic as rule } from '../../../../tasks/rules/rds/rds-snapshot-not-public';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { normalizeSelectResults } from '../../../../tasks/shared/normalize-ci';
import { readRuleFixture } from '../../../support/ci-builder';
import { placeboResponse } from '../../../support/placebo';

const RULE_ID = 'rds-snapshot-not-public';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('rds-snapshot-not-public: definition', () => {
  it('notifies without a remediation; reads the snapshots and their attributes', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP RDS.1']);
    expect(rule.permissions.read).toEqual(['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes']);
    expect(rule.parameters.safeParse({ any: true }).success).toBe(false);
  });
});

describe('rds-snapshot-not-public: evaluate', () => {
  it('"all" in the restore attribute is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'DB snapshot testing (of demodb) can be restored by every AWS account; remove "all" from its restore attribute (ModifyDBSnapshotAttribute ValuesToRemove) unless it is published on purpose',
      evidence: { restore: ['all', '644160558196', '123456789012'], encrypted: false },
    });
    expect(rule.evaluate(fixture('non-compliant-encrypted'), defaults).status).toBe('NON_COMPLIANT');
  });

  it('shared with named accounts (the Config item AWS recorded) or not shared at all is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'DB snapshot testing (of demodb) is shared with 1 named account(s) only, not public',
      evidence: { restore: ['644160558196', '644160558196', '644160558196', '644160558196'], encrypted: false },
    });
    expect(rule.evaluate(fixture('compliant-not-shared'), defaults).message).toBe(
      'DB snapshot testing (of demodb) is not shared, not public',
    );
  });

  it('automated and deleted snapshots are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-automated'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message:
        'DB snapshot rds:demodb-2020-12-30-05-34 (of demodb) is an automated snapshot, which RDS does not let anyone share',
    });
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('attributes the collector could not read, or Config did not record, are an error', () => {
    expect(() => rule.evaluate(fixture('error-unknown'), defaults)).toThrow(
      new UnknownPropertyError('DBSnapshotAttributes', 'AccessDenied'),
    );
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });
});

describe('rds-snapshot-not-public: on what AWS Config answers', () => {
  it('the DB snapshot row Config returned to SelectResourceConfig (recorded) reads the same', () => {
    const response = placeboResponse('test_rds_snapshot_set_permissions__config.SelectResourceConfig_1.json');
    if (!response.ok) throw response.error;
    const context = { accountId: '644160558196', region: 'us-east-2', resourceType: 'AWS::RDS::DBSnapshot' };
    // Custodian's query selected no arn; Warden's selects it (the snapshot's dBSnapshotArn).
    const rows = (response.output.Results as string[]).map((row) => {
      const parsed = JSON.parse(row) as { configuration: { dBSnapshotArn: string } };
      return JSON.stringify({ arn: parsed.configuration.dBSnapshotArn, ...parsed });
    });
    const [ci] = normalizeSelectResults(rows, context);
    if (ci === undefined) throw new Error('no row');
    expect(ci.resourceId).toBe('testing');
    expect(rule.evaluate(ci, defaults).status).toBe('COMPLIANT');
    const opened = {
      ...ci,
      supplementaryConfiguration: {
        DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }],
      },
    };
    expect(rule.evaluate(opened, defaults).status).toBe('NON_COMPLIANT');
  });
});
