import { describe, expect, it } from 'vitest';
import { ec2SecurityGroupUnused as rule } from '../../../../tasks/rules/ec2/ec2-security-group-unused';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { fixtureContext, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 'ec2-security-group-unused';
const GROUP = 'Security group sg-1d56fc66 (launch-wizard-7)';

function run(name: string) {
  const fixture = readRuleFixtureCase(RULE_ID, name);
  return rule.evaluate(fixture.ci, rule.parameters.parse(fixture.parameters), fixtureContext(fixture));
}

describe('ec2-security-group-unused: definition', () => {
  it('is informational: low severity, no control (EC2.22 left FSBP), notify only', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.severity).toBe('LOW');
    expect(rule.controls).toEqual([]);
    expect(rule.controlsNote).toContain('EC2.22');
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.relatedTypes).toEqual(['AWS::EC2::NetworkInterface']);
    expect(rule.permissions.read).toEqual(
      expect.arrayContaining(['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces']),
    );
  });
});

describe('ec2-security-group-unused: evaluate', () => {
  it('a group on an instance’s or a Lambda function’s ENI is used', () => {
    expect(run('compliant')).toEqual({
      status: 'COMPLIANT',
      message: `${GROUP} is used by 1 network interface(s): eni-caa070b4`,
      evidence: { networkInterfaceCount: 1, networkInterfaces: ['eni-caa070b4'] },
    });
    expect(run('compliant-lambda-eni').message).toBe(
      `${GROUP} is used by 1 network interface(s): eni-0c779745aaa5e430d`,
    );
  });

  it('a group on no live ENI is unused', () => {
    const unused = `${GROUP} in vpc-0990dc6d is attached to no network interface; delete it if no launch template or stack still needs it (remove other groups' references to it first)`;
    expect(run('non-compliant')).toEqual({
      status: 'NON_COMPLIANT',
      message: unused,
      evidence: { networkInterfaceCount: 0, networkInterfaces: [] },
    });
    expect(run('non-compliant-no-enis').message).toBe(unused);
    expect(run('non-compliant-eni-deleted').message).toBe(unused);
  });

  it('default groups, groups of another owner and deleted groups are not applicable', () => {
    expect(run('not-applicable-default').message).toBe(
      "Security group sg-0d46b170 (default) is its VPC's default group, which cannot be deleted",
    );
    expect(run('not-applicable-other-owner').message).toBe(
      `${GROUP} is owned by account 123456789012, not 264683526309`,
    );
    expect(run('not-applicable-deleted').status).toBe('NOT_APPLICABLE');
  });

  it('without the region’s network interfaces it is an error, never "unused"', () => {
    expect(() => run('error-enis-unreadable')).toThrow(UnknownPropertyError);
  });
});
