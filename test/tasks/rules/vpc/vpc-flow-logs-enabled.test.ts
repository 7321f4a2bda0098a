import { describe, expect, it } from 'vitest';
import { vpcFlowLogsEnabled as rule } from '../../../../tasks/rules/vpc/vpc-flow-logs-enabled';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { fixtureContext, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 'vpc-flow-logs-enabled';
const VPC = 'VPC vpc-0990dc6d (172.31.0.0/16)';

function run(name: string) {
  const fixture = readRuleFixtureCase(RULE_ID, name);
  return rule.evaluate(fixture.ci, rule.parameters.parse(fixture.parameters), fixtureContext(fixture));
}

describe('vpc-flow-logs-enabled: definition', () => {
  it('notifies, reads flow logs as a related type, and defaults to REJECT as FSBP EC2.6', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP EC2.6', 'CIS 3.7']);
    expect(rule.relatedTypes).toEqual(['AWS::EC2::FlowLog']);
    expect(rule.permissions.read).toEqual(expect.arrayContaining(['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs']));
    expect(rule.parameters.parse({})).toEqual({ trafficType: 'REJECT' });
    expect(rule.parameters.safeParse({ trafficType: 'reject' }).success).toBe(false);
    expect(rule.parameters.safeParse({ other: 1 }).success).toBe(false);
  });
});

describe('vpc-flow-logs-enabled: evaluate', () => {
  it('an active flow log of the VPC capturing ALL or REJECT traffic is compliant', () => {
    expect(run('compliant')).toEqual({
      status: 'COMPLIANT',
      message: `${VPC} has an active flow log: fl-0873b1d6eacd0a14d (ALL)`,
      evidence: {
        trafficType: 'REJECT',
        flowLogs: [{ flowLogId: 'fl-0873b1d6eacd0a14d', trafficType: 'ALL', status: 'ACTIVE' }],
      },
    });
    expect(run('compliant-reject').message).toBe(`${VPC} has an active flow log: fl-0a1b2c3d4e5f60718 (REJECT)`);
    expect(run('compliant-accept-parameter').status).toBe('COMPLIANT');
  });

  it('no flow log, one of another VPC or a subnet, or a deleted one is non-compliant', () => {
    const none = `${VPC} has no active flow log; create one capturing REJECT or ALL traffic`;
    expect(run('non-compliant')).toEqual({
      status: 'NON_COMPLIANT',
      message: none,
      evidence: { trafficType: 'REJECT', flowLogs: [] },
    });
    expect(run('non-compliant-other-vpc-and-subnet').message).toBe(none);
    expect(run('non-compliant-flow-log-deleted').message).toBe(none);
  });

  it('a flow log of other traffic does not count: ACCEPT for REJECT, REJECT when ALL is asked', () => {
    expect(run('non-compliant-accept-only').message).toBe(
      `${VPC} has flow logs only of other traffic (fl-0e5f6071829304152: ACCEPT); create one capturing REJECT or ALL traffic`,
    );
    expect(run('non-compliant-all-parameter').message).toBe(
      `${VPC} has flow logs only of other traffic (fl-0a1b2c3d4e5f60718: REJECT); create one capturing ALL traffic`,
    );
  });

  it('a deleted VPC is not applicable; without the flow logs it is an error, never a guess', () => {
    expect(run('not-applicable-deleted')).toEqual({
      status: 'NOT_APPLICABLE',
      message: 'VPC vpc-0990dc6d no longer exists (ResourceDeleted)',
    });
    expect(() => run('error-flow-logs-unreadable')).toThrow(UnknownPropertyError);
  });

  it('iacHint names the flow log resource and the traffic type asked for', () => {
    const { ci } = readRuleFixtureCase(RULE_ID, 'non-compliant');
    expect(rule.iacHint(ci, rule.parameters.parse({ trafficType: 'ALL' }))).toMatchObject({
      propertyPath: 'AWS::EC2::FlowLog (ResourceType: VPC, ResourceId: the VPC)',
      suggestedChange: 'add an AWS::EC2::FlowLog for the VPC with TrafficType: ALL',
    });
  });
});
