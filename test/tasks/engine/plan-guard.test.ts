/**
 * The one guard that keeps a plan on its own resource (tasks/engine/plan-guard.ts): every way a
 * declaration can name the resource, and the refusals, for the operations the rules really declare.
 */
import { describe, expect, it } from 'vitest';
import { assertDeclaredCall, PlanOutsideDeclarationError } from '../../../tasks/engine/plan-guard';
import { ec2InstanceAdminSecurityGroup } from '../../../tasks/rules/ec2/ec2-instance-admin-security-group';
import { ec2InstanceRequiredTags } from '../../../tasks/rules/ec2/ec2-instance-required-tags';
import { ec2VolumeEncryption } from '../../../tasks/rules/ec2/ec2-volume-encryption';
import type { Rule } from '../../../tasks/rules/rule';
import { s3BucketEncryption } from '../../../tasks/rules/s3/s3-bucket-encryption';
import type { ApiCall } from '../../../tasks/shared/model';
import { makeCi } from '../../support/ci-builder';

const INSTANCE = 'i-0123456789abcdef0';
const instance = makeCi({
  resourceType: 'AWS::EC2::Instance',
  resourceId: INSTANCE,
  configuration: { networkInterfaces: [{ networkInterfaceId: 'eni-own1' }, { networkInterfaceId: 'eni-own2' }] },
});

function check<P>(rule: Rule<P>, call: ApiCall, resourceId: string, ci = instance): () => void {
  return () => assertDeclaredCall(rule.id, rule.remediation?.operations ?? [], call, { resourceId, ci });
}

describe('assertDeclaredCall', () => {
  const put = (Bucket: unknown): ApiCall => ({ service: 's3', operation: 'PutBucketEncryption', input: { Bucket } });

  it('target = the id: the call names the resource itself, nothing else', () => {
    expect(check(s3BucketEncryption, put('logs'), 'logs')).not.toThrow();
    expect(check(s3BucketEncryption, put('other'), 'logs')).toThrow('Bucket is "other", not logs');
    expect(check(s3BucketEncryption, put(undefined), 'logs')).toThrow('Bucket is nothing, not logs');
  });

  it('an operation the remediation does not declare is refused, whatever it names', () => {
    const del: ApiCall = { service: 's3', operation: 'DeleteBucketEncryption', input: { Bucket: 'logs' } };
    expect(check(s3BucketEncryption, del, 'logs')).toThrow(PlanOutsideDeclarationError);
    expect(check(s3BucketEncryption, del, 'logs')).toThrow(
      'not one of its declared operations (s3:PutBucketEncryption)',
    );
  });

  it('id-list: a list holding exactly the resource id', () => {
    const tag = (Resources: unknown): ApiCall => ({ service: 'ec2', operation: 'CreateTags', input: { Resources } });
    expect(check(ec2InstanceRequiredTags, tag([INSTANCE]), INSTANCE)).not.toThrow();
    expect(check(ec2InstanceRequiredTags, tag([INSTANCE, 'i-other']), INSTANCE)).toThrow('not exactly [');
    expect(check(ec2InstanceRequiredTags, tag(INSTANCE), INSTANCE)).toThrow(PlanOutsideDeclarationError);
  });

  it('recordedAt: one of the parts recorded on the resource (its own network interfaces), else refused', () => {
    const eni = (NetworkInterfaceId: string): ApiCall => ({
      service: 'ec2',
      operation: 'ModifyNetworkInterfaceAttribute',
      input: { NetworkInterfaceId, Groups: ['sg-1'] },
    });
    expect(check(ec2InstanceAdminSecurityGroup, eni('eni-own2'), INSTANCE)).not.toThrow();
    expect(check(ec2InstanceAdminSecurityGroup, eni('eni-foreign'), INSTANCE)).toThrow(
      'NetworkInterfaceId is "eni-foreign", not one of i-0123456789abcdef0\'s configuration.networkInterfaces[].networkInterfaceId (eni-own1, eni-own2)',
    );
    const unknown = () =>
      assertDeclaredCall(
        ec2InstanceAdminSecurityGroup.id,
        ec2InstanceAdminSecurityGroup.remediation?.operations ?? [],
        eni('eni-own2'),
        {
          resourceId: INSTANCE,
        },
      );
    expect(unknown).toThrow('its state is not known');
  });

  it('target null: an account-region setting, whose input names nothing', () => {
    const enable = (input: Record<string, unknown>): ApiCall => ({
      service: 'ec2',
      operation: 'EnableEbsEncryptionByDefault',
      input,
    });
    expect(check(ec2VolumeEncryption, enable({}), 'vol-1')).not.toThrow();
    expect(check(ec2VolumeEncryption, enable({ DryRun: false }), 'vol-1')).toThrow('names no resource');
  });
});
