import { describe, expect, it } from 'vitest';
import { ec2DefaultSecurityGroupClosed as rule } from '../../../../tasks/rules/ec2/ec2-default-security-group-closed';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'ec2-default-security-group-closed';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('ec2-default-security-group-closed: definition', () => {
  it('notifies, has no remediation and no parameters', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP EC2.2', 'CIS 5.4']);
    expect(rule.permissions.read).toEqual(['ec2:DescribeSecurityGroups']);
    expect(rule.parameters.safeParse({ anything: 1 }).success).toBe(false);
  });
});

describe('ec2-default-security-group-closed: evaluate', () => {
  it('the stock default group (all traffic from itself in, all traffic out) is non-compliant, both directions named', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'Default security group sg-0574847ed3b27389b of vpc-0695c27b6e4db3159 allows traffic (inbound all traffic (protocol -1); outbound all traffic (protocol -1)); give the workloads groups of their own, then remove these rules',
      evidence: { inbound: ['all traffic (protocol -1)'], outbound: ['all traffic (protocol -1)'] },
    });
  });

  it('an outbound rule alone is enough to fail', () => {
    const result = rule.evaluate(fixture('non-compliant-outbound-only'), defaults);
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.evidence).toEqual({ inbound: [], outbound: ['all traffic (protocol -1)'] });
  });

  it('a default group opened to an address (not the world) still fails: EC2.2 wants no rules at all', () => {
    expect(rule.evaluate(fixture('non-compliant-inbound-from-an-address'), defaults).status).toBe('NON_COMPLIANT');
  });

  it('a default group with no rules is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Default security group sg-0574847ed3b27389b of vpc-0695c27b6e4db3159 has no inbound or outbound rules',
      evidence: { inbound: [], outbound: [] },
    });
  });

  it('other groups and deleted groups are not applicable, whatever their rules', () => {
    expect(rule.evaluate(fixture('not-applicable-not-default'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: 'Security group sg-1d56fc66 (launch-wizard-7) is not a default group',
    });
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('never guesses: an unrecorded rule list or group name is an error, not compliant', () => {
    expect(() => rule.evaluate(fixture('error-egress-not-recorded'), defaults)).toThrow(UnknownPropertyError);
    const ci = fixture('compliant');
    const { groupName: _name, ...configuration } = ci.configuration;
    const { resourceName: _r, ...rest } = ci;
    expect(() => rule.evaluate({ ...rest, configuration }, defaults)).toThrow(UnknownPropertyError);
  });

  it('iacHint points at the CDK and Terraform settings that empty the group', () => {
    const hint = rule.iacHint(fixture('non-compliant'), defaults);
    expect(hint.cdk).toContain('restrictDefaultSecurityGroup: true');
    expect(hint.terraform).toContain('aws_default_security_group');
  });
});
