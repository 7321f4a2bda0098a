import { describe, expect, it } from 'vitest';
import { ec2InstanceImdsv2Required as rule } from '../../../../tasks/rules/ec2/ec2-instance-imdsv2-required';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'ec2-instance-imdsv2-required';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('ec2-instance-imdsv2-required: definition', () => {
  it('notifies, has no remediation (requiring tokens is disruptive) and no parameters', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP EC2.8', 'CIS 5.6']);
    expect(rule.permissions.read).toEqual(['ec2:DescribeInstances']);
    expect(rule.parameters.safeParse({ anything: 1 }).success).toBe(false);
  });
});

describe('ec2-instance-imdsv2-required: evaluate', () => {
  it('HttpTokens optional (recorded by DescribeInstances) is non-compliant, with how to fix it safely', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'Instance i-04af9cf7218a61430 accepts IMDSv1 requests (HttpTokens optional); once nothing on it calls IMDSv1 (the MetadataNoToken metric is 0), set HttpTokens to required',
      evidence: { httpTokens: 'optional', httpEndpoint: 'enabled' },
    });
  });

  it("stopped instances count (they start again with the same options), and so does AWS's sample Config CI", () => {
    expect(rule.evaluate(fixture('non-compliant-stopped'), defaults).status).toBe('NON_COMPLIANT');
    expect(rule.evaluate(fixture('non-compliant-config-ci'), defaults).status).toBe('NON_COMPLIANT');
  });

  it('HttpTokens required is compliant; so is a disabled endpoint, whatever HttpTokens says', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Instance i-04af9cf7218a61430 requires IMDSv2 session tokens',
      evidence: { httpTokens: 'required', httpEndpoint: 'enabled' },
    });
    expect(rule.evaluate(fixture('compliant-endpoint-disabled'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Instance i-04af9cf7218a61430 has its metadata endpoint disabled',
      evidence: { httpTokens: 'optional', httpEndpoint: 'disabled' },
    });
  });

  it('terminated instances are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-terminated'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('never guesses: a recording without metadataOptions is an error, not compliant', () => {
    expect(() => rule.evaluate(fixture('error-metadata-options-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });

  it('iacHint points at the launch template setting', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults).suggestedChange).toContain('HttpTokens: required');
  });
});
