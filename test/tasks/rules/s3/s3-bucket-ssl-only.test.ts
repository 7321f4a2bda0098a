import { EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { s3BucketSslOnly as rule, WARDEN_SID } from '../../../../tasks/rules/s3/s3-bucket-ssl-only';
import { InvalidInputError, UnknownPropertyError } from '../../../../tasks/shared/errors';
import type { ApiCall, ConfigurationItem } from '../../../../tasks/shared/model';
import { readRuleFixture } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 's3-bucket-ssl-only';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const BUCKET = 'mborch-test-bucket-config-item';
const NO_DENY = `Bucket ${BUCKET}'s policy has no statement denying s3:* on the bucket and its objects to everyone when aws:SecureTransport is false`;

describe('s3-bucket-ssl-only: definition', () => {
  it('implements FSBP S3.5 and CIS 2.1.1, notifies: its PutBucketPolicy remediation is disruptive', () => {
    expect(rule.controls).toEqual(['FSBP S3.5', 'CIS 2.1.1']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation?.risk).toBe('disruptive');
    expect(rule.remediation?.permissions).toEqual(['s3:PutBucketPolicy']);
    expect(rule.permissions.read).toContain('s3:GetBucketPolicy');
  });
});

describe('s3-bucket-ssl-only: evaluate', () => {
  it('a Deny of s3:* on the bucket and its objects when aws:SecureTransport is false is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: `Bucket ${BUCKET} denies requests without TLS (statement DenyInsecureTransport)`,
      evidence: { sslDenyStatement: 'DenyInsecureTransport' },
    });
    // "*" on "*", BoolIfExists, a JSON boolean, {"AWS": "*"}.
    expect(rule.evaluate(fixture('compliant-any-action-any-resource-boolean'), defaults).status).toBe('COMPLIANT');
  });

  it('no policy at all is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant-no-policy'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: `Bucket ${BUCKET} has no bucket policy, so it accepts plain-HTTP requests`,
      evidence: { policy: null },
    });
  });

  it.each([
    // The AWS sample CI: the deny names the bucket ARN only, so object requests over HTTP stay allowed.
    ['non-compliant-bucket-arn-only'],
    ['non-compliant-get-object-only'],
    ['non-compliant-denies-secure-transport-true'],
  ])('%s: a deny that does not close HTTP is non-compliant', (name) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status: 'NON_COMPLIANT', message: NO_DENY });
  });

  it('a deleted bucket is not applicable; a denied or unreadable policy is an error', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-policy-access-denied'), defaults)).toThrow(
      new UnknownPropertyError('BucketPolicy', 'AccessDenied'),
    );
    expect(() => rule.evaluate(fixture('error-policy-not-json'), defaults)).toThrow(/not an IAM policy document/);
  });

  it('iacHint gives the statement to add and the CDK switch', () => {
    expect(rule.iacHint(fixture('non-compliant-no-policy'), defaults)).toMatchObject({ cdk: 'enforceSSL: true' });
  });
});

/** The bucket with the planned policy recorded, as Config would record it after the call. */
function recorded(ci: ConfigurationItem, call: ApiCall | undefined): ConfigurationItem {
  const policyText = call?.input.Policy as string;
  return { ...ci, supplementaryConfiguration: { ...ci.supplementaryConfiguration, BucketPolicy: { policyText } } };
}

const statementsOf = (call: ApiCall | undefined) =>
  (JSON.parse(call?.input.Policy as string) as { Statement: Record<string, unknown>[] }).Statement;

describe('s3-bucket-ssl-only: plan', () => {
  const DENY = {
    Sid: WARDEN_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };

  it('no policy: a new policy with the one statement, guarded by the expected owner', () => {
    expect(rule.remediation?.plan(fixture('non-compliant-no-policy'), defaults)).toEqual([
      {
        service: 's3',
        operation: 'PutBucketPolicy',
        input: {
          Bucket: BUCKET,
          ExpectedBucketOwner: '934654633380',
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: [DENY] }),
        },
      },
    ]);
  });

  it('an existing policy keeps every member and statement as written, the deny appended', () => {
    const ci = fixture('non-compliant-bucket-arn-only');
    const [call] = rule.remediation?.plan(ci, defaults) ?? [];
    const before = JSON.parse((ci.supplementaryConfiguration.BucketPolicy as { policyText: string }).policyText);
    expect(JSON.parse(call?.input.Policy as string)).toEqual({ ...before, Statement: [...before.Statement, DENY] });
  });

  it.each(['non-compliant-no-policy', 'non-compliant-bucket-arn-only', 'non-compliant-get-object-only'])(
    '%s: once recorded, the planned policy is compliant (no remediation loop), and planning again plans nothing',
    (name) => {
      const [call] = rule.remediation?.plan(fixture(name), defaults) ?? [];
      const after = recorded(fixture(name), call);
      expect(rule.evaluate(after, defaults).status).toBe('COMPLIANT');
      expect(rule.remediation?.plan(after, defaults)).toEqual([]);
    },
  );

  it('refuses to fight an edited Warden statement, and a merge over S3’s 20 KB limit', () => {
    const [call] = rule.remediation?.plan(fixture('non-compliant-no-policy'), defaults) ?? [];
    const edited = statementsOf(call).map((st) => ({ ...st, Action: 's3:GetObject' }));
    const ci = fixture('non-compliant-no-policy');
    const withEdited = recorded(ci, { ...call!, input: { Policy: JSON.stringify({ Statement: edited }) } });
    expect(rule.evaluate(withEdited, defaults).status).toBe('NON_COMPLIANT');
    expect(() => rule.remediation?.plan(withEdited, defaults)).toThrow(InvalidInputError);
    const big = {
      Sid: 'Big',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::934654633380:root' },
      Action: 's3:GetObject',
      Resource: 'x'.repeat(21_000),
    };
    const tooBig = recorded(ci, { ...call!, input: { Policy: JSON.stringify({ Statement: [big] }) } });
    expect(() => rule.remediation?.plan(tooBig, defaults)).toThrow(/20 KB/);
  });
});

describe('s3-bucket-ssl-only: apply', () => {
  const s3 = mockClient(S3Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  afterEach(() => s3.reset());
  const swept = fixture('non-compliant-no-policy');
  const plan = rule.remediation?.plan(swept, defaults) ?? [];

  it('merges into the policy as read right before: a statement added since the sweep is kept', async () => {
    s3.on(PutBucketPolicyCommand).resolves({});
    const now = fixture('non-compliant-get-object-only');
    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, now, defaults), defaults);
    const [sent] = s3.commandCalls(PutBucketPolicyCommand).map((c) => c.args[0].input);
    expect(sent?.Bucket).toBe(BUCKET);
    expect(
      statementsOf({
        service: 's3',
        operation: 'PutBucketPolicy',
        input: sent as unknown as Record<string, unknown>,
      }).map((st) => st.Sid),
    ).toEqual(['CustodianTest', WARDEN_SID]);
    expect(s3.commandCalls(GetBucketPolicyCommand)).toHaveLength(0);
  });

  it('is idempotent: on a policy that already denies plain HTTP it sends nothing', async () => {
    const [call] = plan;
    const done = recorded(swept, call);
    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, done, defaults), defaults);
    expect(s3.commandCalls(PutBucketPolicyCommand)).toHaveLength(0);
  });

  it('the engine refuses a plan naming another bucket before anything is sent', async () => {
    const foreign = [{ ...plan[0]!, input: { ...plan[0]!.input, Bucket: 'someone-else' } }];
    await expect(
      applyDeclared(rule, sendWith(clients), foreign, liveOf(rule, swept, defaults), defaults),
    ).rejects.toThrow(PlanOutsideDeclarationError);
    expect(s3.commandCalls(PutBucketPolicyCommand)).toHaveLength(0);
  });

  it('propagates AccessDenied (recorded as FAILED upstream)', async () => {
    s3.on(PutBucketPolicyCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(
      rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, swept, defaults), defaults),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
