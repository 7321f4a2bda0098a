import { describe, expect, it } from 'vitest';
import { ec2InstanceNoPublicIp as rule } from '../../../../tasks/rules/ec2/ec2-instance-no-public-ip';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'ec2-instance-no-public-ip';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('ec2-instance-no-public-ip: definition', () => {
  it('notifies, has no remediation and no parameters', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP EC2.9']);
    expect(rule.permissions.read).toEqual(['ec2:DescribeInstances']);
    expect(rule.parameters.safeParse({ anything: 1 }).success).toBe(false);
  });
});

describe('ec2-instance-no-public-ip: evaluate', () => {
  it('a running instance with a public address (recorded by DescribeInstances) is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'Instance i-051ddfa43d1b9f4f6 has the public IPv4 address 54.166.185.225; reach it through a load balancer, NAT or Session Manager and release the address (or relaunch without one)',
      evidence: {
        publicIpAddress: '54.166.185.225',
        publicDnsName: 'ec2-54-166-185-225.compute-1.amazonaws.com',
        state: 'running',
      },
    });
  });

  it("AWS's sample Config CI (1.2 flavour) has one too", () => {
    expect(rule.evaluate(fixture('non-compliant-config-ci'), defaults).evidence).toMatchObject({
      publicIpAddress: '34.205.29.138',
    });
  });

  it('no address recorded (DescribeInstances leaves the key out) is compliant, running or stopped', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Instance i-0fd6bd23de18b49b0 has no public IPv4 address',
      evidence: { publicIpAddress: null, publicDnsName: null, state: 'running' },
    });
    expect(rule.evaluate(fixture('compliant-stopped'), defaults).status).toBe('COMPLIANT');
  });

  it('terminated and shutting-down instances are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-terminated'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: 'Instance i-057d29d8349b3f25c is gone or going (terminated)',
    });
    const ci = fixture('non-compliant');
    const shuttingDown = { ...ci, configuration: { ...ci.configuration, state: { code: 32, name: 'shutting-down' } } };
    expect(rule.evaluate(shuttingDown, defaults).status).toBe('NOT_APPLICABLE');
  });

  it('iacHint names the launch setting that gives the address', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults).propertyPath).toBe(
      'NetworkInterfaces[].AssociatePublicIpAddress',
    );
  });
});
