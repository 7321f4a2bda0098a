import { describe, expect, it } from 'vitest';
import { vpcCreated } from '../../../../tasks/rules/events/vpc-created';
import { normalizedCorpus } from '../../../support/normalized-events';

describe('vpc-created', () => {
  it('names the VPC, its CIDR and who created it; the subject is the VPC', () => {
    const r = vpcCreated.evaluate(normalizedCorpus('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'), {}, {});
    expect(r).toMatchObject({
      matched: true,
      summary: 'VPC vpc-1 (0.0.0.0/26) created by tester',
      message: 'A VPC vpc-1 (0.0.0.0/26) was created in us-west-2 by role tester (session tester).',
      subject: { type: 'AWS::EC2::VPC', id: 'vpc-1', arn: 'arn:aws:ec2:us-west-2:123456789012:vpc/vpc-1' },
      dedupeKey: 'vpc-1',
    });
  });

  it('other calls do not match', () => {
    const r = vpcCreated.evaluate(normalizedCorpus('awsdocs/dynamodb-createtable-cloudtrail.json'), {}, {});
    expect(r).toEqual({ matched: false, reason: 'vpc-created: CreateTable does not create a VPC' });
  });
});
