/** Who owns a resource's IaC (the tags CloudFormation puts on it, or Warden's Terraform convention), and where in it a rule's fix belongs (its IaC table, rendered). */
import { describe, expect, it } from 'vitest';
import { renderIacHint, resolveIacOwner } from '../../../tasks/shared/iac-owner';
import { makeCi } from '../../support/ci-builder';

describe('resolveIacOwner', () => {
  it('CloudFormation (and so CDK) stacks: the stack name and logical id tags', () => {
    expect(
      resolveIacOwner({
        'aws:cloudformation:stack-name': 'payments-core',
        'aws:cloudformation:logical-id': 'ArtifactsBucket',
        'aws:cloudformation:stack-id':
          'arn:aws:cloudformation:us-east-1:111111111111:stack/payments-core/0b6e4b00-8f2c-11ef-9d5e-0a1b2c3d4e5f',
      }),
    ).toEqual({ tool: 'cloudformation', stack: 'payments-core', logicalId: 'ArtifactsBucket' });
  });

  it('Terraform: the terraform:stack default tag, else terraform:workspace', () => {
    expect(resolveIacOwner({ 'terraform:stack': 'network', 'terraform:workspace': 'prod' })).toEqual({
      tool: 'terraform',
      stack: 'network',
    });
    expect(resolveIacOwner({ 'terraform:workspace': 'prod' })).toEqual({ tool: 'terraform', stack: 'prod' });
  });

  it('CloudFormation wins when a resource carries both (a stack that also got Terraform default tags)', () => {
    expect(resolveIacOwner({ 'aws:cloudformation:stack-name': 's', 'terraform:stack': 't' }).tool).toBe(
      'cloudformation',
    );
  });

  it('untagged resources: unknown (the drift receipt goes to the account owner)', () => {
    expect(resolveIacOwner({ Name: 'x' })).toEqual({ tool: 'unknown' });
  });
});

describe('renderIacHint', () => {
  const ci = makeCi({
    resourceType: 'AWS::EC2::Subnet',
    resourceId: 'subnet-1',
    configuration: { cidrBlock: '10.0.0.0/24' },
  });

  it("renders a rule's table: fixed texts as they are, functions of the item and parameters", () => {
    const hint = renderIacHint<{ size: number }>(
      {
        cloudformation: 'CidrBlock',
        change: (item, params) => `move ${item.resourceId} to a /${params.size}`,
        terraform: 'cidr_block on aws_subnet',
      },
      ci,
      { size: 22 },
    );
    expect(hint).toEqual({
      propertyPath: 'CidrBlock',
      suggestedChange: 'move subnet-1 to a /22',
      terraform: 'cidr_block on aws_subnet',
    });
  });
});
