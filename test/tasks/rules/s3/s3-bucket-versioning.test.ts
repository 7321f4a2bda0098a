import { EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketVersioningCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { s3BucketVersioning as rule } from '../../../../tasks/rules/s3/s3-bucket-versioning';
import { InvalidInputError, UnknownPropertyError } from '../../../../tasks/shared/errors';
import type { ConfigurationItem } from '../../../../tasks/shared/model';
import { readRuleFixture } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';
import { placeboResponse } from '../../../support/placebo';

const RULE_ID = 's3-bucket-versioning';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const BUCKET = 'mborch-test-bucket-config-item';

function withVersioning(ci: ConfigurationItem, value: Record<string, unknown>): ConfigurationItem {
  return {
    ...ci,
    supplementaryConfiguration: { ...ci.supplementaryConfiguration, BucketVersioningConfiguration: value },
  };
}

describe('s3-bucket-versioning: definition', () => {
  it('implements FSBP S3.14, notifies, and its remediation is disruptive', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.controls).toEqual(['FSBP S3.14']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation?.risk).toBe('disruptive');
    expect(rule.remediation?.permissions).toEqual(['s3:PutBucketVersioning']);
    expect(rule.permissions.read).toContain('s3:GetBucketVersioning');
    expect(rule.parameters.safeParse({ anything: true }).success).toBe(false);
  });
});

describe('s3-bucket-versioning: evaluate', () => {
  it('Enabled (the AWS sample CI) is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: `Bucket ${BUCKET} has versioning enabled`,
      evidence: { status: 'Enabled', isMfaDeleteEnabled: null },
    });
  });

  it('never enabled (Off) and Suspended are non-compliant, each said as it is', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: `Bucket ${BUCKET} has never had versioning enabled: overwritten and deleted objects cannot be restored`,
      evidence: { status: 'Off', isMfaDeleteEnabled: null },
    });
    expect(rule.evaluate(fixture('non-compliant-suspended'), defaults).message).toBe(
      `Bucket ${BUCKET} has versioning suspended: overwritten and deleted objects cannot be restored`,
    );
  });

  it('a deleted bucket is not applicable; an unreadable or unrecorded setting is an error', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(
      new UnknownPropertyError('BucketVersioningConfiguration', 'AccessDenied'),
    );
    expect(() => rule.evaluate(withVersioning(fixture('compliant'), {}), defaults)).toThrow(UnknownPropertyError);
  });
});

describe('s3-bucket-versioning: plan', () => {
  it('PutBucketVersioning Status Enabled, guarded by the expected owner, leaving MFA delete alone', () => {
    expect(rule.remediation?.plan(fixture('non-compliant-suspended'), defaults)).toEqual([
      {
        service: 's3',
        operation: 'PutBucketVersioning',
        input: {
          Bucket: BUCKET,
          ExpectedBucketOwner: '934654633380',
          VersioningConfiguration: { Status: 'Enabled' },
        },
      },
    ]);
  });

  it('the planned state, once recorded by Config, is compliant (no remediation loop)', () => {
    const [call] = rule.remediation?.plan(fixture('non-compliant'), defaults) ?? [];
    if (call === undefined) throw new Error('no call planned');
    const status = (call.input.VersioningConfiguration as { Status: string }).Status;
    const recorded = withVersioning(fixture('non-compliant'), { status, isMfaDeleteEnabled: null });
    expect(rule.evaluate(recorded, defaults).status).toBe('COMPLIANT');
  });

  it('refuses a bucket with MFA delete on: only the root user with its MFA device can change it', () => {
    expect(() => rule.remediation?.plan(fixture('non-compliant-unplannable-mfa-delete'), defaults)).toThrow(
      InvalidInputError,
    );
  });

  it('iacHint names VersioningConfiguration.Status', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'VersioningConfiguration.Status',
      cdk: 'versioned: true',
    });
  });
});

describe('s3-bucket-versioning: apply', () => {
  const s3 = mockClient(S3Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  afterEach(() => s3.reset());
  const ci = fixture('non-compliant');
  const plan = rule.remediation?.plan(ci, defaults) ?? [];

  it('sends the planned call once (the recorded PutBucketVersioning answer is empty); it never reads', async () => {
    const recorded = placeboResponse('test_s3_enable_versioning__s3.PutBucketVersioning_1.json');
    if (!recorded.ok) throw new Error('expected a success recording');
    s3.on(PutBucketVersioningCommand).resolves(recorded.output);
    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults), defaults);
    expect(s3.commandCalls(PutBucketVersioningCommand).map((c) => c.args[0].input)).toEqual([plan[0]?.input]);
    expect(s3.commandCalls(GetBucketVersioningCommand)).toHaveLength(0);
  });

  it('the engine refuses a call naming another bucket', async () => {
    const foreign = [{ ...plan[0]!, input: { ...plan[0]!.input, Bucket: 'someone-else' } }];
    await expect(applyDeclared(rule, sendWith(clients), foreign, liveOf(rule, ci, defaults), defaults)).rejects.toThrow(
      PlanOutsideDeclarationError,
    );
    expect(s3.commandCalls(PutBucketVersioningCommand)).toHaveLength(0);
  });

  it('propagates AccessDenied (recorded as FAILED upstream)', async () => {
    s3.on(PutBucketVersioningCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(
      rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults), defaults),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
