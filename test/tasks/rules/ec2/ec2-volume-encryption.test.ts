import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertDeclaredCall,
  assertDeclaredPlan,
  PlanOutsideDeclarationError,
} from '../../../../tasks/engine/plan-guard';
import { ec2VolumeEncryption as rule } from '../../../../tasks/rules/ec2/ec2-volume-encryption';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';
import { refOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 'ec2-volume-encryption';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const enabled = rule.parameters.parse({ enableEbsEncryptionByDefault: true });

describe('ec2-volume-encryption: definition', () => {
  it('notifies by default; the account-level remediation is off until asked for', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(defaults).toEqual({ enableEbsEncryptionByDefault: false });
    expect(rule.permissions.read).toEqual(['ec2:DescribeVolumes']);
  });
});

describe('ec2-volume-encryption: evaluate', () => {
  it('the RDK sample volume (encrypted, key of another account in the spliced sample) is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message:
        'Volume vol-a416b170 is encrypted with arn:aws:kms:ap-southeast-1:055409840355:key/bd41e26b-d347-4c59-ab0b-32aee30fcf8d',
      evidence: {
        encrypted: true,
        kmsKeyId: 'arn:aws:kms:ap-southeast-1:055409840355:key/bd41e26b-d347-4c59-ab0b-32aee30fcf8d',
        attachedTo: ['i-29e75b19'],
        state: 'in-use',
      },
    });
  });

  it('an unencrypted volume is non-compliant and the message says it cannot be fixed in place', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults).message).toBe(
      'Volume vol-a416b170 (attached to i-29e75b19) is not encrypted; EBS cannot encrypt it in place: snapshot it, copy the snapshot with encryption and replace the volume',
    );
    expect(rule.evaluate(fixture('non-compliant-unattached'), defaults).message).toContain('(not attached)');
  });

  it('"true" as a string is encrypted; a missing flag is an error, never a verdict', () => {
    expect(rule.evaluate(fixture('compliant-string-boolean'), defaults).status).toBe('COMPLIANT');
    expect(() => rule.evaluate(fixture('error-encrypted-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });

  it('deleting ({value} form) and deleted volumes are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-deleting'), defaults).message).toBe(
      'Volume vol-a416b170 no longer exists or is being deleted (deleting)',
    );
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
  });
});

describe('ec2-volume-encryption: plan', () => {
  it('plans nothing by default (notify only), EnableEbsEncryptionByDefault when enabled', () => {
    const ci = fixture('non-compliant');
    expect(rule.remediation?.plan(ci, defaults)).toEqual([]);
    expect(rule.remediation?.plan(ci, enabled)).toEqual([
      { service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: {} },
    ]);
  });

  it('iacHint says the change replaces the volume', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({ propertyPath: 'Encrypted' });
    expect(rule.iacHint(fixture('non-compliant'), defaults).suggestedChange).toContain('replaces the volume');
  });
});

describe('ec2-volume-encryption: apply', () => {
  const ec2 = mockClient(EC2Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'eu-west-1' }),
    ec2: new EC2Client({ region: 'eu-west-1' }),
  };
  afterEach(() => ec2.reset());
  const ci = fixture('non-compliant');
  const off = { ref: refOf(ci), ci, evaluation: { status: 'NON_COMPLIANT' as const, message: 'off' } };

  it('turns on encryption by default for the region', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const plan = rule.remediation?.plan(off.ci, enabled) ?? [];
    await rule.remediation?.apply(sendWith(clients), plan, off, enabled);
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).map((c) => c.args[0].input)).toEqual([{}]);
  });

  it('its live state is the account-region setting, not the volume (which stays unencrypted)', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolvesOnce({ EbsEncryptionByDefault: false }).resolves({
      EbsEncryptionByDefault: true,
      SseType: 'sse-ebs',
    });
    const read = () => rule.remediation?.readLive?.(clients, off.ref, enabled);
    expect(await read()).toMatchObject({
      status: 'NON_COMPLIANT',
      evidence: { ebsEncryptionByDefault: false },
    });
    expect(await read()).toMatchObject({
      status: 'COMPLIANT',
      evidence: { ebsEncryptionByDefault: true },
    });
  });

  it('declares only the account-region setting: any other call, or one naming a resource, is refused', () => {
    const operations = rule.remediation?.operations ?? [];
    const own = { resourceId: ci.resourceId, ci };
    const disable = { service: 'ec2', operation: 'DisableEbsEncryptionByDefault', input: {} };
    expect(() => assertDeclaredCall(rule.id, operations, disable, own)).toThrow(PlanOutsideDeclarationError);
    const named = { service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: { VolumeId: 'vol-1' } };
    expect(() => assertDeclaredCall(rule.id, operations, named, own)).toThrow('names no resource');
    expect(() => assertDeclaredPlan(rule.id, operations, rule.remediation?.plan(ci, enabled) ?? [], own)).not.toThrow();
  });
});
