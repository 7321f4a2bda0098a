import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, assertDeclaredPlan, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import { ec2EbsEncryptionByDefault as rule } from '../../../../tasks/rules/ec2/ec2-ebs-encryption-by-default';
import { ec2VolumeEncryption } from '../../../../tasks/rules/ec2/ec2-volume-encryption';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 'ec2-ebs-encryption-by-default';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const KEY = 'arn:aws:kms:us-east-1:644160558196:key/798bc4bb-3079-4a9a-bc27-2c7f2b6c91d0';

describe('ec2-ebs-encryption-by-default: definition', () => {
  it('owns FSBP EC2.7 (ec2-volume-encryption only offers the same setting as an option) and notifies', () => {
    expect(rule.controls).toEqual(['FSBP EC2.7', 'CIS 2.2.1']);
    expect(ec2VolumeEncryption.controls).not.toContain('FSBP EC2.7');
    expect(rule.defaultMode).toBe('notify');
  });

  it('its remediation is disruptive, like the same option of ec2-volume-encryption, and needs only its one write', () => {
    expect(rule.remediation?.risk).toBe('disruptive');
    expect(ec2VolumeEncryption.remediation?.risk).toBe(rule.remediation?.risk);
    expect(rule.remediation?.permissions).toEqual(['ec2:EnableEbsEncryptionByDefault']);
    expect(rule.permissions.read).toEqual(['ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId']);
  });
});

describe('ec2-ebs-encryption-by-default: evaluate', () => {
  it.each([
    ['compliant', 'COMPLIANT', `EBS encryption by default is on in 644160558196/us-east-1 (key ${KEY})`],
    [
      'non-compliant',
      'NON_COMPLIANT',
      'EBS encryption by default is off in 644160558196/us-east-1: new volumes are unencrypted unless each launch asks for encryption',
    ],
    [
      'not-applicable-deleted',
      'NOT_APPLICABLE',
      'No EBS default-encryption setting for 644160558196/us-east-1 (ResourceDeleted)',
    ],
  ])('%s -> %s', (name, status, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status, message });
  });

  it('evidence carries the default key', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults).evidence).toEqual({
      ebsEncryptionByDefault: false,
      ebsDefaultKmsKeyId: 'alias/aws/ebs',
    });
  });

  it('a denied GetEbsEncryptionByDefault is an error', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(UnknownPropertyError);
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow('UnauthorizedOperation');
  });
});

describe('ec2-ebs-encryption-by-default: plan', () => {
  const ci = fixture('non-compliant');

  it('plans EnableEbsEncryptionByDefault with no input (an account-region setting), within its declaration', () => {
    const plan = rule.remediation?.plan(ci, defaults) ?? [];
    expect(plan).toEqual([{ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: {} }]);
    expect(() =>
      assertDeclaredPlan(rule.id, rule.remediation?.operations ?? [], plan, { resourceId: ci.resourceId, ci }),
    ).not.toThrow();
  });

  it('once applied, the region is compliant (no remediation loop)', () => {
    const after = { ...ci, configuration: { ...ci.configuration, ebsEncryptionByDefault: true } };
    expect(rule.evaluate(after, defaults).status).toBe('COMPLIANT');
  });
});

describe('ec2-ebs-encryption-by-default: apply', () => {
  const ec2 = mockClient(EC2Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  afterEach(() => ec2.reset());
  const ci = fixture('non-compliant');

  it('sends the planned call as planned and reads nothing itself (the engine re-reads the item)', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const plan = rule.remediation?.plan(ci, defaults) ?? [];
    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults), defaults);
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).map((c) => c.args[0].input)).toEqual([{}]);
    expect(ec2.commandCalls(GetEbsEncryptionByDefaultCommand)).toHaveLength(0);
  });

  it('the engine refuses the opposite call and a call naming a resource, and sends nothing', async () => {
    for (const call of [
      { service: 'ec2', operation: 'DisableEbsEncryptionByDefault', input: {} },
      { service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: { VolumeId: 'vol-1' } },
    ]) {
      await expect(
        applyDeclared(rule, sendWith(clients), [call], liveOf(rule, ci, defaults), defaults),
      ).rejects.toThrow(PlanOutsideDeclarationError);
    }
    expect(ec2.calls()).toHaveLength(0);
  });

  it('propagates an SDK failure', async () => {
    ec2
      .on(EnableEbsEncryptionByDefaultCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' }));
    const plan = rule.remediation?.plan(ci, defaults) ?? [];
    await expect(
      rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults), defaults),
    ).rejects.toThrow('denied');
  });
});
