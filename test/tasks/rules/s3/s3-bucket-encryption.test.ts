import { EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketEncryptionCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import type { AwsClients } from '../../../../tasks/rules/rule';
import {
  normalizeKmsKey,
  s3BucketEncryption as rule,
  type S3BucketEncryptionParams,
} from '../../../../tasks/rules/s3/s3-bucket-encryption';
import { InvalidInputError, UnknownPropertyError } from '../../../../tasks/shared/errors';
import type { ApiCall, ConfigurationItem } from '../../../../tasks/shared/model';
import { readPlacebo, readRuleFixture, s3BucketCi, sseFromSdk } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 's3-bucket-encryption';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const params = (overrides: Record<string, unknown> = {}): S3BucketEncryptionParams => rule.parameters.parse(overrides);

const KEY_ID = 'e1d7c355-8b0d-4adf-8a26-f9e88d17b5a6';
const KEY_ARN = `arn:aws:kms:us-east-1:644160558196:key/${KEY_ID}`;
const ALIAS_ARN = 'arn:aws:kms:us-east-1:644160558196:alias/aws/s3';
const OTHER_KEY_ARN = 'arn:aws:kms:us-east-1:644160558196:key/2192ecc0-3991-4dac-b479-cc08bda8a4de';

function withSse(algorithm: string, key?: string): ConfigurationItem {
  return s3BucketCi('bucket-under-test', {
    accountId: '644160558196',
    sse: {
      rules: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, ...(key ? { kmsMasterKeyID: key } : {}) } },
      ],
    },
  });
}

describe('s3-bucket-encryption: definition', () => {
  it('declares the contract fields from the catalogue', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.severity).toBe('HIGH');
    expect(rule.defaultMode).toBe('remediate');
    expect(rule.resourceTypes).toEqual(['AWS::S3::Bucket']);
    expect(rule.triggers).toEqual({
      cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket', 'PutBucketEncryption', 'DeleteBucketEncryption'] }],
      configChange: true,
      sweep: true,
    });
  });

  it('declares IAM action names (not API names) for reading and remediating', () => {
    // What the bucket collector reads (tasks/shared/inventory/s3-buckets.ts), GetEncryptionConfiguration among them.
    expect([...rule.permissions.read].sort()).toEqual([
      's3:GetBucketAcl',
      's3:GetBucketLocation',
      's3:GetBucketLogging',
      's3:GetBucketPolicy',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketTagging',
      's3:GetBucketVersioning',
      's3:GetEncryptionConfiguration',
      's3:ListAllMyBuckets',
    ]);
    expect(rule.remediation?.permissions).toEqual(['s3:PutEncryptionConfiguration']);
  });
});

describe('s3-bucket-encryption: parameters', () => {
  it('parses {} to the documented defaults', () => {
    expect(rule.parameters.parse({})).toEqual({
      allowedAlgorithms: ['AES256', 'aws:kms', 'aws:kms:dsse'],
      allowedKmsKeys: [],
      remediationAlgorithm: 'AES256',
      bucketKeyEnabled: true,
    });
  });

  it('accepts KMS-only with allowed keys when the remediation uses an allowed key', () => {
    const p = params({
      allowedAlgorithms: ['aws:kms'],
      allowedKmsKeys: [KEY_ARN],
      remediationAlgorithm: 'aws:kms',
      remediationKmsKeyId: KEY_ID,
    });
    expect(p.remediationKmsKeyId).toBe(KEY_ID);
  });

  it.each([
    [{ allowedAlgorithms: ['aws:kms'] }, 'remediationAlgorithm', 'is not in allowedAlgorithms'],
    [
      { allowedAlgorithms: ['aws:kms'], remediationAlgorithm: 'aws:kms', allowedKmsKeys: [KEY_ARN] },
      'remediationKmsKeyId',
      'needs remediationKmsKeyId',
    ],
    [
      { remediationAlgorithm: 'aws:kms', allowedKmsKeys: [KEY_ARN], remediationKmsKeyId: 'alias/other' },
      'remediationKmsKeyId',
      'is not one of allowedKmsKeys',
    ],
    [{ remediationKmsKeyId: KEY_ID }, 'remediationKmsKeyId', 'only applies to aws:kms'],
    [{ allowedAlgorithms: [] }, 'allowedAlgorithms', ''],
    [{ allowedAlgorithms: ['aws:kms:dsse', 'SSE-C'] }, 'allowedAlgorithms', ''],
  ])('rejects %j (%s)', (overrides, field, message) => {
    const result = rule.parameters.safeParse(overrides);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path[0]).toBe(field);
    expect(issue?.message).toContain(message);
  });
});

describe('normalizeKmsKey', () => {
  it.each([
    [undefined, 'alias/aws/s3'],
    ['', 'alias/aws/s3'],
    ['alias/aws/s3', 'alias/aws/s3'],
    [ALIAS_ARN, 'alias/aws/s3'],
    [KEY_ARN, KEY_ID],
    [KEY_ID, KEY_ID],
    ['arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd', 'mrk-1234abcd'],
    ['arn:aws-cn:kms:cn-north-1:111122223333:alias/team/data', 'alias/team/data'],
  ])('%s -> %s', (key, expected) => {
    expect(normalizeKmsKey(key)).toBe(expected);
  });
});

describe('s3-bucket-encryption: fixtures are the corpus recordings in Config shape', () => {
  it.each([
    ['compliant', 'test_s3_enable_bucket_encryption_aes256__s3.GetBucketEncryption_2.json'],
    ['compliant-kms-alias-name', 'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_1.json'],
    ['compliant-kms-alias-arn', 'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_2.json'],
    ['compliant-kms-default-key', 'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_3.json'],
    ['compliant-kms-key-arn', 'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_4.json'],
    ['compliant-kms-key-id', 'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_5.json'],
    ['compliant-kms-bucket-key', 'test_s3_enable_bucket_encryption_kms__s3.GetBucketEncryption_2.json'],
    [
      'non-compliant-malformed-rule',
      'test_s3_filter_bucket_encryption_disabled_malformed_statement__s3.GetBucketEncryption_1.json',
    ],
  ])('%s <- %s', (name, recording) => {
    const { statusCode, data } = readPlacebo<{ ServerSideEncryptionConfiguration: never }>(recording);
    expect(statusCode).toBe(200);
    expect(fixture(name).supplementaryConfiguration.ServerSideEncryptionConfiguration).toEqual(
      sseFromSdk(data.ServerSideEncryptionConfiguration),
    );
  });

  it('non-compliant is the 404 (ServerSideEncryptionConfigurationNotFoundError): nothing recorded', () => {
    const { statusCode, data } = readPlacebo<{ Error: { Code: string } }>(
      'test_s3_bucket_encryption_disabled__s3.GetBucketEncryption_1.json',
    );
    expect([statusCode, data.Error.Code]).toEqual([404, 'ServerSideEncryptionConfigurationNotFoundError']);
    expect(fixture('non-compliant').supplementaryConfiguration).not.toHaveProperty('ServerSideEncryptionConfiguration');
  });
});

describe('s3-bucket-encryption: evaluate with defaults', () => {
  const defaults = params();

  it.each([
    ['compliant', 'COMPLIANT', 'Bucket c7n-bucket-sse-s3 encrypts new objects by default with AES256'],
    [
      'compliant-kms-alias-name',
      'COMPLIANT',
      'Bucket c7n-bucket-kms-alias-name encrypts new objects by default with aws:kms (key alias/aws/s3)',
    ],
    [
      'compliant-kms-default-key',
      'COMPLIANT',
      'Bucket c7n-bucket-kms-default-key encrypts new objects by default with aws:kms (key alias/aws/s3, the AWS managed key)',
    ],
    [
      'non-compliant',
      'NON_COMPLIANT',
      'Bucket c7n-bucket-without-default-encryption has no default encryption configuration',
    ],
    [
      'non-compliant-malformed-rule',
      'NON_COMPLIANT',
      'Bucket c7n-bucket-malformed-sse-rule has no default-encryption rule with an allowed algorithm: a rule without applyServerSideEncryptionByDefault (no default algorithm)',
    ],
    [
      'not-applicable-deleted',
      'NOT_APPLICABLE',
      'Bucket c7n-bucket-deleted no longer exists or is not recorded (ResourceDeleted)',
    ],
  ])('%s -> %s', (name, status, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status, message });
  });

  it.each([
    ['a null sseAlgorithm', { sseAlgorithm: null }],
    ['an empty sseAlgorithm', { sseAlgorithm: '' }],
    ['no sseAlgorithm', {}],
  ])('a rule whose applyServerSideEncryptionByDefault has %s says so (issue 14 item 19)', (_name, byDefault) => {
    const ci = s3BucketCi('half-configured', {
      accountId: '644160558196',
      sse: { rules: [{ applyServerSideEncryptionByDefault: byDefault }] },
    });
    expect(rule.evaluate(ci, params())).toMatchObject({
      status: 'NON_COMPLIANT',
      message:
        'Bucket half-configured has no default-encryption rule with an allowed algorithm: a rule whose applyServerSideEncryptionByDefault names no sseAlgorithm',
    });
  });

  it('reports the algorithms and normalized keys it saw as evidence', () => {
    expect(rule.evaluate(fixture('compliant-kms-key-arn'), defaults).evidence).toEqual({
      algorithms: ['aws:kms'],
      kmsKeys: [KEY_ID],
      bucketKeyEnabled: [false],
    });
    expect(rule.evaluate(fixture('non-compliant-malformed-rule'), defaults).evidence).toEqual({
      algorithms: [null],
      kmsKeys: [],
      bucketKeyEnabled: [true],
    });
    expect(rule.evaluate(fixture('non-compliant'), defaults).evidence).toEqual({
      algorithms: [],
      kmsKeys: [],
      bucketKeyEnabled: [],
    });
  });

  it('an AccessDenied collector result is an error, never a verdict', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(UnknownPropertyError);
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(
      'ServerSideEncryptionConfiguration could not be read (AccessDenied)',
    );
  });

  it('a deleted bucket is not applicable even when its encryption could not be read', () => {
    const ci = { ...fixture('error-access-denied'), status: 'ResourceDeleted' };
    expect(rule.evaluate(ci, defaults).status).toBe('NOT_APPLICABLE');
  });

  it.each([
    ['ResourceNotRecorded', 'NOT_APPLICABLE'],
    ['ResourceDeletedNotRecorded', 'NOT_APPLICABLE'],
    ['ResourceDiscovered', 'NON_COMPLIANT'],
  ])('status %s -> %s', (status, expected) => {
    expect(rule.evaluate({ ...fixture('non-compliant'), status }, defaults).status).toBe(expected);
  });

  it('an empty rules list or null configuration is no configuration', () => {
    expect(rule.evaluate(s3BucketCi('b', { sse: { rules: [] } }), defaults).status).toBe('NON_COMPLIANT');
    expect(rule.evaluate(s3BucketCi('b', { sse: null }), defaults).message).toBe(
      'Bucket b has no default encryption configuration',
    );
  });

  it('refuses a configuration that was not normalized (JSON string) instead of calling it unencrypted', () => {
    const ci = s3BucketCi('b', { sse: JSON.stringify({ rules: [] }) });
    expect(() => rule.evaluate(ci, defaults)).toThrow(InvalidInputError);
  });

  it('DSSE-KMS is allowed by default and can be disallowed', () => {
    expect(rule.evaluate(withSse('aws:kms:dsse', KEY_ARN), defaults).status).toBe('COMPLIANT');
    const noDsse = params({ allowedAlgorithms: ['AES256', 'aws:kms'] });
    expect(rule.evaluate(withSse('aws:kms:dsse', KEY_ARN), noDsse)).toMatchObject({
      status: 'NON_COMPLIANT',
      message:
        'Bucket bucket-under-test has no default-encryption rule with an allowed algorithm: aws:kms:dsse is not an allowed algorithm (allowed: AES256, aws:kms)',
    });
  });

  it('an unknown algorithm is non-compliant', () => {
    expect(rule.evaluate(withSse('aws:fsx'), defaults).message).toContain('aws:fsx is not an allowed algorithm');
  });
});

describe('s3-bucket-encryption: KMS key forms vs allowedKmsKeys', () => {
  const forms = [
    'compliant-kms-alias-name',
    'compliant-kms-alias-arn',
    'compliant-kms-default-key',
    'compliant-kms-key-arn',
    'compliant-kms-key-id',
  ] as const;
  const awsManaged = ['compliant-kms-alias-name', 'compliant-kms-alias-arn', 'compliant-kms-default-key'];
  const customerKey = ['compliant-kms-key-arn', 'compliant-kms-key-id'];

  it.each([
    [['alias/aws/s3'], awsManaged],
    [[ALIAS_ARN], awsManaged],
    [[KEY_ARN], customerKey],
    [[KEY_ID], customerKey],
    [
      [KEY_ID, 'alias/aws/s3'],
      [...awsManaged, ...customerKey],
    ],
    [[OTHER_KEY_ARN], []],
  ])('allowedKmsKeys %j accepts exactly %j', (allowedKmsKeys, accepted) => {
    const p = params({ allowedKmsKeys });
    const compliant = forms.filter((name) => rule.evaluate(fixture(name), p).status === 'COMPLIANT');
    expect(compliant.sort()).toEqual([...accepted].sort());
  });

  it('names the key and the allowed list when the key is not allowed', () => {
    expect(rule.evaluate(fixture('compliant-kms-default-key'), params({ allowedKmsKeys: [KEY_ARN] })).message).toBe(
      `Bucket c7n-bucket-kms-default-key has no default-encryption rule with an allowed algorithm: aws:kms with KMS key alias/aws/s3 (no key named: the AWS managed key) is not one of allowedKmsKeys (${KEY_ARN})`,
    );
  });

  it('allowedKmsKeys does not restrict AES256', () => {
    expect(rule.evaluate(fixture('compliant'), params({ allowedKmsKeys: [KEY_ARN] })).status).toBe('COMPLIANT');
  });

  it('applies to DSSE-KMS keys too', () => {
    const p = params({ allowedKmsKeys: [KEY_ARN] });
    expect(rule.evaluate(withSse('aws:kms:dsse', KEY_ID), p).status).toBe('COMPLIANT');
    expect(rule.evaluate(withSse('aws:kms:dsse', OTHER_KEY_ARN), p).status).toBe('NON_COMPLIANT');
  });

  it('KMS-only: AES256 is non-compliant, an allowed key is compliant', () => {
    const kmsOnly = params({
      allowedAlgorithms: ['aws:kms'],
      allowedKmsKeys: [KEY_ARN],
      remediationAlgorithm: 'aws:kms',
      remediationKmsKeyId: KEY_ARN,
    });
    expect(rule.evaluate(fixture('compliant'), kmsOnly)).toMatchObject({
      status: 'NON_COMPLIANT',
      message:
        'Bucket c7n-bucket-sse-s3 has no default-encryption rule with an allowed algorithm: AES256 is not an allowed algorithm (allowed: aws:kms)',
    });
    expect(rule.evaluate(fixture('compliant-kms-key-id'), kmsOnly).status).toBe('COMPLIANT');
    expect(rule.evaluate(fixture('compliant-kms-alias-name'), kmsOnly).status).toBe('NON_COMPLIANT');
  });
});

describe('s3-bucket-encryption: plan', () => {
  const ci = fixture('non-compliant');
  const plan = (overrides: Record<string, unknown>) => rule.remediation?.plan(ci, params(overrides));

  it('defaults to one SSE-S3 PutBucketEncryption guarded by the expected owner', () => {
    expect(plan({})).toEqual([
      {
        service: 's3',
        operation: 'PutBucketEncryption',
        input: {
          Bucket: 'c7n-bucket-without-default-encryption',
          ExpectedBucketOwner: '644160558196',
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
        },
      },
    ]);
  });

  it('SSE-KMS with a key sets the key and the bucket key', () => {
    const calls = plan({ remediationAlgorithm: 'aws:kms', remediationKmsKeyId: KEY_ARN, bucketKeyEnabled: false });
    expect(calls?.[0]?.input.ServerSideEncryptionConfiguration).toEqual({
      Rules: [
        {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN },
          BucketKeyEnabled: false,
        },
      ],
    });
  });

  it('SSE-KMS without a key uses the AWS managed key (no KMSMasterKeyID)', () => {
    expect(plan({ remediationAlgorithm: 'aws:kms' })?.[0]?.input.ServerSideEncryptionConfiguration).toEqual({
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }],
    });
  });

  it('DSSE-KMS never sets BucketKeyEnabled (S3 Bucket Keys are not supported with DSSE-KMS)', () => {
    expect(
      plan({ remediationAlgorithm: 'aws:kms:dsse', remediationKmsKeyId: KEY_ID })?.[0]?.input
        .ServerSideEncryptionConfiguration,
    ).toEqual({
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: KEY_ID } }],
    });
  });

  it('the planned configuration, once recorded by Config, is compliant (no remediation loop)', () => {
    const keyForms = [KEY_ID, KEY_ARN, 'alias/aws/s3', ALIAS_ARN, OTHER_KEY_ARN];
    const arbitraryParams = fc.record({
      allowedAlgorithms: fc.subarray(['AES256', 'aws:kms', 'aws:kms:dsse'], { minLength: 1 }),
      allowedKmsKeys: fc.subarray(keyForms),
      remediationAlgorithm: fc.constantFrom('AES256', 'aws:kms', 'aws:kms:dsse'),
      remediationKmsKeyId: fc.option(fc.constantFrom(...keyForms), { nil: undefined }),
      bucketKeyEnabled: fc.boolean(),
    });
    let checked = 0;
    fc.assert(
      fc.property(arbitraryParams, (raw) => {
        const parsed = rule.parameters.safeParse(raw);
        if (!parsed.success) return;
        checked++;
        const [call] = rule.remediation?.plan(ci, parsed.data) ?? [];
        const after = {
          ...ci,
          supplementaryConfiguration: {
            ServerSideEncryptionConfiguration: sseFromSdk(call?.input.ServerSideEncryptionConfiguration as never),
          },
        };
        expect(rule.evaluate(after, parsed.data).status).toBe('COMPLIANT');
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(20);
  });
});

describe('s3-bucket-encryption: iacHint', () => {
  const ci = fixture('non-compliant');

  it('points at the CloudFormation property and gives CDK and Terraform equivalents (SSE-S3)', () => {
    expect(rule.iacHint(ci, params())).toEqual({
      propertyPath: 'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm',
      suggestedChange: 'set to "AES256"',
      cdk: 'encryption: s3.BucketEncryption.S3_MANAGED',
      terraform:
        'resource "aws_s3_bucket_server_side_encryption_configuration" … { rule { apply_server_side_encryption_by_default { sse_algorithm = "AES256" } } }',
    });
  });

  it('includes the key and bucket key for SSE-KMS', () => {
    expect(rule.iacHint(ci, params({ remediationAlgorithm: 'aws:kms', remediationKmsKeyId: KEY_ARN }))).toEqual({
      propertyPath: 'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm',
      suggestedChange: `set to "aws:kms", KMSMasterKeyID "${KEY_ARN}", BucketKeyEnabled true`,
      cdk: `encryption: s3.BucketEncryption.KMS, encryptionKey: kms.Key.fromKeyArn(this, 'Key', '${KEY_ARN}'), bucketKeyEnabled: true`,
      terraform: `resource "aws_s3_bucket_server_side_encryption_configuration" … { rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" kms_master_key_id = "${KEY_ARN}" } bucket_key_enabled = true } }`,
    });
    expect(rule.iacHint(ci, params({ remediationAlgorithm: 'aws:kms:dsse' })).cdk).toBe(
      'encryption: s3.BucketEncryption.DSSE_MANAGED',
    );
  });
});

describe('s3-bucket-encryption: apply', () => {
  const s3 = mockClient(S3Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  const ci = fixture('non-compliant');
  afterEach(() => s3.reset());

  it('sends the planned PutBucketEncryption and reads nothing itself (the engine reads before and after)', async () => {
    s3.on(PutBucketEncryptionCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    const plan = rule.remediation?.plan(ci, params()) ?? [];

    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, params()), params());

    expect(s3.commandCalls(PutBucketEncryptionCommand).map((c) => c.args[0].input)).toEqual([plan[0]?.input]);
    expect(s3.commandCalls(GetBucketEncryptionCommand)).toHaveLength(0);
  });

  it.each<[string, ApiCall]>([
    ['another operation', { service: 's3', operation: 'DeleteBucketEncryption', input: { Bucket: ci.resourceId } }],
    [
      'another bucket',
      {
        service: 's3',
        operation: 'PutBucketEncryption',
        input: { Bucket: 'someone-else', ServerSideEncryptionConfiguration: {} },
      },
    ],
  ])('the engine refuses a plan with %s and sends nothing', async (_what, call) => {
    await expect(applyDeclared(rule, sendWith(clients), [call], liveOf(rule, ci, params()), params())).rejects.toThrow(
      PlanOutsideDeclarationError,
    );
    expect(s3.calls()).toHaveLength(0);
  });

  it('propagates an SDK failure (the remediation is recorded as FAILED upstream)', async () => {
    s3.on(PutBucketEncryptionCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const plan = rule.remediation?.plan(ci, params()) ?? [];
    await expect(
      rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, params()), params()),
    ).rejects.toThrow('Access Denied');
    expect(s3.commandCalls(GetBucketEncryptionCommand)).toHaveLength(0);
  });
});
