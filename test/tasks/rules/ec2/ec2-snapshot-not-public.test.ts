import { describe, expect, it } from 'vitest';
import { ec2SnapshotNotPublic as rule } from '../../../../tasks/rules/ec2/ec2-snapshot-not-public';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'ec2-snapshot-not-public';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('ec2-snapshot-not-public: definition', () => {
  it('notifies without a remediation; no Config trigger (Config does not record snapshots)', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP EC2.1']);
    expect(rule.triggers).toEqual({
      cloudTrail: [{ source: 'aws.ec2', eventNames: ['ModifySnapshotAttribute'] }],
      sweep: true,
    });
    expect(rule.permissions.read).toEqual(['ec2:DescribeSnapshots']);
    expect(rule.parameters.safeParse({ any: true }).success).toBe(false);
  });
});

describe('ec2-snapshot-not-public: evaluate', () => {
  it('a snapshot restorable by the all group is non-compliant, encrypted or not', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'EBS snapshot snap-af0eb71b (of vol-af0eb71b, 8 GiB) can be restored by every AWS account; remove the "all" group from its createVolumePermission unless it is published on purpose',
      evidence: { createVolumePermissionGroups: ['all'], encrypted: false },
    });
    expect(rule.evaluate(fixture('non-compliant-encrypted'), defaults).message).toContain(
      '(encrypted: only accounts the KMS key allows can use it)',
    );
  });

  it('a snapshot without the all group is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'EBS snapshot snap-0ac64f0a1f16af706 (of vol-0309e0368c8e7c1b0, 8 GiB) is not publicly restorable',
      evidence: { createVolumePermissionGroups: [], encrypted: false },
    });
  });

  it('deleted and failed snapshots are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(rule.evaluate(fixture('not-applicable-error-state'), defaults).message).toBe(
      'EBS snapshot snap-0ac64f0a1f16af706 no longer exists or failed (error)',
    );
  });

  it('unknown or unrecorded permissions are an error, never "private"', () => {
    expect(() => rule.evaluate(fixture('error-unknown'), defaults)).toThrow(
      new UnknownPropertyError('createVolumePermissions', 'UnauthorizedOperation'),
    );
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });
});
