import { EC2Client } from '@aws-sdk/client-ec2';
import { EnableKeyRotationCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import { kmsKeyRotation as rule } from '../../../../tasks/rules/kms/kms-key-rotation';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { InvalidInputError, UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 'kms-key-rotation';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const KEY = 'ffb1402c-040a-4b1f-b1e5-9918a0238aa7';

describe('kms-key-rotation: definition', () => {
  it('implements KMS.4 and CIS 3.6, remediates by default with a safe EnableKeyRotation', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.controls).toEqual(['FSBP KMS.4', 'CIS 3.6']);
    expect(rule.defaultMode).toBe('remediate');
    expect(rule.remediation?.risk).toBe('safe');
    expect(rule.remediation?.permissions).toEqual(['kms:EnableKeyRotation']);
    expect(rule.permissions.read).toEqual(['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus']);
    expect(defaults).toEqual({ rotationPeriodInDays: 365 });
    for (const bad of [89, 2561, 100.5]) {
      expect(rule.parameters.safeParse({ rotationPeriodInDays: bad }).success).toBe(false);
    }
    expect(rule.parameters.safeParse({ other: 1 }).success).toBe(false);
  });
});

describe('kms-key-rotation: evaluate', () => {
  it('rotation on is compliant (a string boolean too), off is non-compliant, disabled keys included', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: `KMS key ${KEY} rotates its key material automatically`,
      evidence: { keyRotationStatus: true, keyState: 'Enabled' },
    });
    expect(rule.evaluate(fixture('compliant-string-boolean'), defaults).status).toBe('COMPLIANT');
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: `KMS key ${KEY} has automatic key rotation turned off`,
      evidence: { keyRotationStatus: false, keyState: 'Enabled' },
    });
    expect(rule.evaluate(fixture('non-compliant-disabled'), defaults).evidence).toEqual({
      keyRotationStatus: false,
      keyState: 'Disabled',
    });
  });

  it.each([
    ['not-applicable-aws-managed', 'is an AWS managed key, which KMS rotates itself'],
    ['not-applicable-asymmetric', 'has key spec RSA_2048: only symmetric encryption keys rotate automatically'],
    ['not-applicable-hmac', 'has key spec HMAC_256: only symmetric encryption keys rotate automatically'],
    [
      'not-applicable-imported',
      'has key material of origin EXTERNAL: keys with imported material or in a custom key store do not rotate automatically',
    ],
    ['not-applicable-pending-deletion', 'is PendingDeletion'],
    ['not-applicable-deleted', 'no longer exists (ResourceDeleted)'],
  ])('%s is not applicable: the key %s', (name, why) => {
    const ci = fixture(name);
    expect(rule.evaluate(ci, defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: `KMS key ${ci.resourceId} ${why}`,
    });
  });

  it('an unreadable or unrecorded rotation status is an error, never a verdict', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(
      'KeyRotationStatus could not be read (AccessDeniedException)',
    );
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });

  it('a key whose manager or origin is not recorded is an error, not a guess', () => {
    const ci = fixture('non-compliant');
    const { keyManager: _m, ...noManager } = ci.configuration;
    const { origin: _o, ...noOrigin } = ci.configuration;
    expect(() => rule.evaluate({ ...ci, configuration: noManager }, defaults)).toThrow('keyManager');
    expect(() => rule.evaluate({ ...ci, configuration: noOrigin }, defaults)).toThrow('origin');
  });

  it('the same AccessDenied key, AWS managed, is not applicable (rotation was never read for it)', () => {
    const ci = fixture('error-access-denied');
    const aws = { ...ci, configuration: { ...ci.configuration, keyManager: 'AWS' } };
    expect(rule.evaluate(aws, defaults).status).toBe('NOT_APPLICABLE');
  });
});

describe('kms-key-rotation: plan', () => {
  it('plans one EnableKeyRotation naming the key and the rotation period', () => {
    const ci = fixture('non-compliant');
    expect(rule.remediation?.plan(ci, defaults)).toEqual([
      { service: 'kms', operation: 'EnableKeyRotation', input: { KeyId: KEY, RotationPeriodInDays: 365 } },
    ]);
    expect(rule.remediation?.plan(ci, rule.parameters.parse({ rotationPeriodInDays: 90 }))[0]?.input).toEqual({
      KeyId: KEY,
      RotationPeriodInDays: 90,
    });
  });

  it('once applied (Config records KeyRotationStatus true) the key is compliant', () => {
    const ci = fixture('non-compliant');
    const after = { ...ci, supplementaryConfiguration: { KeyRotationStatus: true } };
    expect(rule.evaluate(after, defaults).status).toBe('COMPLIANT');
  });

  it('refuses a multi-Region replica key: rotation is set on the primary', () => {
    const ci = fixture('non-compliant-unplannable-replica');
    expect(() => rule.remediation?.plan(ci, defaults)).toThrow(InvalidInputError);
    expect(() => rule.remediation?.plan(ci, defaults)).toThrow(
      'is a multi-Region replica key: rotation is set on its primary key (arn:aws:kms:eu-west-1:644160558196:key/mrk-8d3f6c2a1b5e4f7a9c0d2e4f6a8b0c1d)',
    );
  });

  it('iacHint names EnableKeyRotation and the period', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'EnableKeyRotation',
      suggestedChange: 'set EnableKeyRotation: true (RotationPeriodInDays: 365)',
    });
  });
});

describe('kms-key-rotation: apply', () => {
  const kms = mockClient(KMSClient);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  const ci = fixture('non-compliant');
  afterEach(() => kms.reset());

  it('sends the planned EnableKeyRotation with the KMS client and reads nothing itself', async () => {
    kms.on(EnableKeyRotationCommand).resolves({});
    const plan = rule.remediation?.plan(ci, defaults) ?? [];
    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults), defaults);
    expect(kms.commandCalls(EnableKeyRotationCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: KEY, RotationPeriodInDays: 365 },
    ]);
    expect(kms.commandCalls(GetKeyRotationStatusCommand)).toHaveLength(0);
  });

  it('the engine refuses a plan naming another key and sends nothing', async () => {
    const call = { service: 'kms', operation: 'EnableKeyRotation', input: { KeyId: 'someone-elses-key' } };
    await expect(applyDeclared(rule, sendWith(clients), [call], liveOf(rule, ci, defaults), defaults)).rejects.toThrow(
      PlanOutsideDeclarationError,
    );
    expect(kms.calls()).toHaveLength(0);
  });

  it('propagates a KMS failure (recorded as FAILED upstream)', async () => {
    kms
      .on(EnableKeyRotationCommand)
      .rejects(Object.assign(new Error('key is disabled'), { name: 'KMSInvalidStateException' }));
    const plan = rule.remediation?.plan(ci, defaults) ?? [];
    await expect(
      rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults), defaults),
    ).rejects.toThrow('key is disabled');
  });
});
