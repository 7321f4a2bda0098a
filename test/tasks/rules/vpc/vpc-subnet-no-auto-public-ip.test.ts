import { describe, expect, it } from 'vitest';
import { vpcSubnetNoAutoPublicIp as rule } from '../../../../tasks/rules/vpc/vpc-subnet-no-auto-public-ip';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'vpc-subnet-no-auto-public-ip';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('vpc-subnet-no-auto-public-ip: definition', () => {
  it('notifies, has no remediation and no parameters', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP EC2.15']);
    expect(rule.permissions.read).toEqual(['ec2:DescribeSubnets']);
    expect(rule.parameters.safeParse({ anything: 1 }).success).toBe(false);
  });
});

describe('vpc-subnet-no-auto-public-ip: evaluate', () => {
  it('a subnet mapping public IPv4 addresses on launch is non-compliant, with the fix in the message', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'Subnet subnet-0b1a2c3d4e5f60004 (10.16.16.0/24 in vpc-0990dc6d) assigns a public IPv4 address to every instance launched in it; turn MapPublicIpOnLaunch off and give only what must be public an Elastic IP or a load balancer',
      evidence: { mapPublicIpOnLaunch: true },
    });
  });

  it('reads the string boolean Config sometimes records, and default subnets are no exception', () => {
    expect(rule.evaluate(fixture('non-compliant-string-boolean'), defaults).status).toBe('NON_COMPLIANT');
    expect(rule.evaluate(fixture('non-compliant-default-subnet'), defaults).status).toBe('NON_COMPLIANT');
  });

  it('a subnet that does not map public addresses is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message:
        'Subnet subnet-0b1a2c3d4e5f60001 (10.16.0.0/20 in vpc-0990dc6d) does not assign public IPv4 addresses on launch',
      evidence: { mapPublicIpOnLaunch: false },
    });
  });

  it('a deleted subnet is not applicable; an unrecorded setting is an error, never compliant', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });

  it('iacHint names the CloudFormation property and the value to set', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'MapPublicIpOnLaunch',
      terraform: 'map_public_ip_on_launch = false on aws_subnet',
    });
  });
});
