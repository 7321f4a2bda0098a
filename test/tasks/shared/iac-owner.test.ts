/** Who owns a resource's IaC, from the tags CloudFormation puts on it or Warden's Terraform convention. */
import { describe, expect, it } from 'vitest';
import { resolveIacOwner } from '../../../tasks/shared/iac-owner';

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
