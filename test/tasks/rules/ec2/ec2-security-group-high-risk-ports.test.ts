import { describe, expect, it } from 'vitest';
import { ec2SecurityGroupHighRiskPorts as rule } from '../../../../tasks/rules/ec2/ec2-security-group-high-risk-ports';
import { ec2SecurityGroupOpenIngress } from '../../../../tasks/rules/ec2/ec2-security-group-open-ingress';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'ec2-security-group-high-risk-ports';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('ec2-security-group-high-risk-ports: definition', () => {
  it("notifies, has no remediation, and defaults to FSBP EC2.19's 24 ports", () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP EC2.19']);
    expect(rule.permissions.read).toEqual(['ec2:DescribeSecurityGroups']);
    expect(defaults.highRiskPorts).toEqual([
      20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088,
      8888, 9200, 9300,
    ]);
    expect(rule.parameters.safeParse({ highRiskPorts: [70000] }).success).toBe(false);
    expect(rule.parameters.safeParse({ highRiskPort: [22] }).success).toBe(false);
  });
});

describe('ec2-security-group-high-risk-ports: evaluate', () => {
  it('names every high-risk port a world range reaches, single ports and ranges covering them, and nothing else', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'Security group sg-02a60363e2b087ff8 opens high-risk ports 1433, 1434, 3000, 3306, 3389, 8080 to the internet (tcp/8080 from 0.0.0.0/0; tcp/1234-4321 from 0.0.0.0/0); allow specific source ranges, a VPN or Session Manager instead',
      evidence: {
        highRiskPortsOpen: [1433, 1434, 3000, 3306, 3389, 8080],
        permissions: ['tcp/8080 from 0.0.0.0/0', 'tcp/1234-4321 from 0.0.0.0/0'],
      },
    });
  });

  it.each([
    ['non-compliant-legacy-ip-ranges', [22]],
    ['non-compliant-ipv6', [22]],
    ['non-compliant-all-tcp-ports', defaults.highRiskPorts],
    ['non-compliant-all-traffic', defaults.highRiskPorts],
  ])('%s opens %j', (name, ports) => {
    const result = rule.evaluate(fixture(name), defaults);
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.evidence?.highRiskPortsOpen).toEqual(ports);
  });

  it.each(['compliant', 'compliant-web-port-outside-the-list', 'compliant-peer-group-all-traffic', 'compliant-icmp'])(
    '%s is compliant',
    (name) => {
      expect(rule.evaluate(fixture(name), defaults).status).toBe('COMPLIANT');
    },
  );

  it('differs from ec2-security-group-open-ingress (EC2.18): a world-open port outside both lists fails only there', () => {
    const ci = fixture('compliant-web-port-outside-the-list');
    const openIngress = ec2SecurityGroupOpenIngress.evaluate(ci, ec2SecurityGroupOpenIngress.parameters.parse({}));
    expect([rule.evaluate(ci, defaults).status, openIngress.status]).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });

  it('highRiskPorts replaces the list', () => {
    const params = rule.parameters.parse({ highRiskPorts: [80] });
    expect(rule.evaluate(fixture('compliant'), params).evidence?.highRiskPortsOpen).toEqual([80]);
    expect(rule.evaluate(fixture('non-compliant-legacy-ip-ranges'), params).status).toBe('COMPLIANT');
  });

  it('a deleted group is not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: 'Security group sg-1d56fc66 no longer exists (ResourceDeleted)',
    });
  });
});
