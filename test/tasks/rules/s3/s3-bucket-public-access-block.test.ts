import { EC2Client } from '@aws-sdk/client-ec2';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import { contextOf } from '../../../../tasks/rules/context';
import type { AwsClients } from '../../../../tasks/rules/rule';
import {
  s3BucketPublicAccessBlock as rule,
  type S3BucketPublicAccessBlockParams,
} from '../../../../tasks/rules/s3/s3-bucket-public-access-block';
import { InvalidInputError, UnknownPropertyError } from '../../../../tasks/shared/errors';
import type { ConfigurationItem } from '../../../../tasks/shared/model';
import { makeCi, readPlacebo, readRuleFixtureCase, s3BucketCi } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 's3-bucket-public-access-block';
const ACCOUNT = '644160558196';
const defaults = rule.parameters.parse({});
const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const ALL_OFF = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

/** GetPublicAccessBlock's `PublicAccessBlockConfiguration` (placebo) as Config records it. */
function pabFromPlacebo(file: string): Record<string, unknown> {
  const { data } = readPlacebo<{ PublicAccessBlockConfiguration: Record<string, boolean> }>(file);
  const c = data.PublicAccessBlockConfiguration;
  return {
    blockPublicAcls: c.BlockPublicAcls,
    ignorePublicAcls: c.IgnorePublicAcls,
    blockPublicPolicy: c.BlockPublicPolicy,
    restrictPublicBuckets: c.RestrictPublicBuckets,
  };
}

function bucket(pab?: Record<string, unknown>, extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return s3BucketCi('site-bucket', {
    accountId: ACCOUNT,
    supplementaryConfiguration: pab === undefined ? {} : { PublicAccessBlockConfiguration: pab },
    ...extra,
  });
}

function accountPab(flags: Record<string, unknown>, extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return makeCi({
    resourceType: 'AWS::S3::AccountPublicAccessBlock',
    resourceId: ACCOUNT,
    accountId: ACCOUNT,
    arn: `arn:aws:s3::${ACCOUNT}:account-public-access-block`,
    availabilityZone: 'Not Applicable',
    configuration: flags,
    ...extra,
  });
}

const evaluate = (
  ci: ConfigurationItem,
  related: ConfigurationItem[] = [],
  params: S3BucketPublicAccessBlockParams = defaults,
) => rule.evaluate(ci, params, contextOf(ci, [ci, ...related]));

describe('s3-bucket-public-access-block: definition', () => {
  it('declares the catalogue contract', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.resourceTypes).toEqual(['AWS::S3::Bucket']);
    expect(rule.defaultMode).toBe('remediate');
    expect(rule.severity).toBe('HIGH');
    expect(rule.triggers.cloudTrail?.[0]?.eventNames).toEqual([
      'CreateBucket',
      'PutBucketPublicAccessBlock',
      'DeleteBucketPublicAccessBlock',
      'PutBucketPolicy',
      'PutBucketAcl',
    ]);
    // IAM action names, not API names: GetPublicAccessBlock is s3:GetBucketPublicAccessBlock / s3:GetAccountPublicAccessBlock.
    expect(rule.permissions.read).toContain('s3:GetBucketPublicAccessBlock');
    expect(rule.permissions.read).toContain('s3:GetAccountPublicAccessBlock');
    expect(rule.remediation?.permissions).toEqual(['s3:PutBucketPublicAccessBlock']);
  });

  it('parses {} to the documented default and rejects unknown parameters', () => {
    expect(defaults).toEqual({ acceptAccountLevel: true });
    expect(rule.parameters.safeParse({ acceptAccountlevel: false }).success).toBe(false);
  });
});

describe('s3-bucket-public-access-block: evaluate', () => {
  it('all four on at bucket level is compliant whatever the account says', () => {
    expect(evaluate(bucket(ALL_ON), [accountPab(ALL_OFF)])).toMatchObject({
      status: 'COMPLIANT',
      message: 'Bucket site-bucket blocks public access at bucket level (all four settings on)',
    });
  });

  it('all four on at account level covers a bucket without its own block', () => {
    expect(evaluate(bucket(), [accountPab(ALL_ON)])).toEqual({
      status: 'COMPLIANT',
      message: `Bucket site-bucket is covered by account ${ACCOUNT}'s public access block (all four settings on); bucket level: not configured`,
      evidence: { bucketLevel: 'absent', accountLevel: ALL_ON },
    });
  });

  it('the recorded partial block (IgnorePublicAcls false) with no account block is non-compliant, naming the setting', () => {
    const partial = pabFromPlacebo('test_s3_check_public_block__s3.GetPublicAccessBlock_2.json');
    expect(evaluate(bucket(partial))).toEqual({
      status: 'NON_COMPLIANT',
      message: `Bucket site-bucket does not block public access: bucket level: ignorePublicAcls off; account ${ACCOUNT} level: not configured`,
      evidence: { bucketLevel: { ...ALL_ON, ignorePublicAcls: false }, accountLevel: 'absent' },
    });
  });

  it('two partial levels do not add up to a full block, even when together they set all four', () => {
    const bucketHalf = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    };
    const accountHalf = {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
    const result = evaluate(bucket(bucketHalf), [accountPab(accountHalf)]);
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.message).toBe(
      `Bucket site-bucket does not block public access: bucket level: blockPublicPolicy, restrictPublicBuckets off; account ${ACCOUNT} level: blockPublicAcls, ignorePublicAcls off`,
    );
  });

  it('configured all off (recorded) is non-compliant like not configured', () => {
    const off = pabFromPlacebo('test_s3_public_block_disable_all__s3.GetPublicAccessBlock_2.json');
    expect(off).toEqual(ALL_OFF);
    expect(evaluate(bucket(off)).status).toBe('NON_COMPLIANT');
  });

  it("another account's block does not count", () => {
    const other = accountPab(ALL_ON, { accountId: '123456789012', resourceId: '123456789012' });
    expect(evaluate(bucket(), [other]).status).toBe('NON_COMPLIANT');
  });

  it('the account block counts whatever region Config recorded it in; the newest capture wins', () => {
    const ci = bucket(undefined, { region: 'eu-west-1' });
    const older = accountPab(ALL_ON, { region: 'us-east-1', captureTime: '2024-01-01T00:00:00.000Z' });
    const newer = accountPab(
      { ...ALL_ON, blockPublicPolicy: false },
      { region: 'us-west-2', captureTime: '2025-01-01T00:00:00.000Z' },
    );
    expect(evaluate(ci, [older]).status).toBe('COMPLIANT');
    expect(evaluate(ci, [older, newer]).status).toBe('NON_COMPLIANT');
    expect(evaluate(ci, [newer, older]).status).toBe('NON_COMPLIANT');
  });

  it('a deleted account block item is ignored', () => {
    expect(evaluate(bucket(), [accountPab(ALL_ON, { status: 'ResourceDeleted' })]).status).toBe('NON_COMPLIANT');
  });

  it('string booleans (as some Config flavours record them) are read as booleans', () => {
    const strings = {
      blockPublicAcls: 'true',
      ignorePublicAcls: 'true',
      blockPublicPolicy: 'true',
      restrictPublicBuckets: 'true',
    };
    expect(evaluate(bucket(strings)).status).toBe('COMPLIANT');
  });

  it('acceptAccountLevel: false requires the bucket-level block', () => {
    const params = rule.parameters.parse({ acceptAccountLevel: false });
    const result = evaluate(bucket(), [accountPab(ALL_ON)], params);
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.message).toContain('account level (not accepted): not configured');
  });

  it('an unreadable bucket block (AccessDenied) is an error unless the account level settles it', () => {
    const denied = bucket(undefined, { unknown: { PublicAccessBlockConfiguration: 'AccessDenied' } });
    expect(() => evaluate(denied)).toThrow(UnknownPropertyError);
    expect(() => evaluate(denied)).toThrow('PublicAccessBlockConfiguration could not be read (AccessDenied)');
    expect(evaluate(denied, [accountPab(ALL_ON)]).status).toBe('COMPLIANT');
  });

  it('an unreadable account block (AccessDenied) is an error unless the bucket level settles it', () => {
    const denied = accountPab({}, { unknown: { configuration: 'AccessDenied' } });
    expect(() => evaluate(bucket(), [denied])).toThrow(
      'AWS::S3::AccountPublicAccessBlock could not be read (AccessDenied)',
    );
    expect(evaluate(bucket(ALL_ON), [denied]).status).toBe('COMPLIANT');
  });

  it('without an evaluation context the account level is unknown, never assumed off', () => {
    expect(() => rule.evaluate(bucket(), defaults)).toThrow(UnknownPropertyError);
    expect(rule.evaluate(bucket(ALL_ON), defaults).status).toBe('COMPLIANT');
  });

  it('a deleted bucket is not applicable', () => {
    expect(evaluate(bucket(undefined, { status: 'ResourceDeleted' })).status).toBe('NOT_APPLICABLE');
  });

  it('refuses a block that is not an object (an un-normalized CI)', () => {
    expect(() => evaluate(bucket('{"blockPublicAcls":true}' as unknown as Record<string, unknown>))).toThrow(
      InvalidInputError,
    );
  });
});

describe('s3-bucket-public-access-block: plan', () => {
  it('PutPublicAccessBlock with all four true, guarded by the expected owner', () => {
    const { ci } = readRuleFixtureCase(RULE_ID, 'non-compliant');
    expect(rule.remediation?.plan(ci, defaults)).toEqual([
      {
        service: 's3',
        operation: 'PutPublicAccessBlock',
        input: {
          Bucket: 'mborch-test-bucket-config-item',
          ExpectedBucketOwner: '934654633380',
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
      },
    ]);
  });

  it('the planned configuration, once recorded by Config, is compliant (no remediation loop)', () => {
    const ci = bucket(ALL_OFF);
    const [call] = rule.remediation?.plan(ci, defaults) ?? [];
    const sdk = call?.input.PublicAccessBlockConfiguration as Record<string, boolean>;
    const recorded = bucket({
      blockPublicAcls: sdk.BlockPublicAcls,
      ignorePublicAcls: sdk.IgnorePublicAcls,
      blockPublicPolicy: sdk.BlockPublicPolicy,
      restrictPublicBuckets: sdk.RestrictPublicBuckets,
    });
    expect(evaluate(recorded).status).toBe('COMPLIANT');
  });

  it('iacHint names the CloudFormation property and the CDK/Terraform equivalents', () => {
    expect(rule.iacHint(bucket(), defaults)).toMatchObject({
      propertyPath: 'PublicAccessBlockConfiguration',
      cdk: 'blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL',
    });
  });
});

describe('s3-bucket-public-access-block: apply', () => {
  const s3 = mockClient(S3Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  afterEach(() => s3.reset());
  const ci = bucket();
  const plan = rule.remediation?.plan(ci, defaults) ?? [];

  it('sends the planned call (the recorded PutPublicAccessBlock answer is empty); the engine reads it back', async () => {
    const put = readPlacebo('test_s3_public_block_enable_all__s3.PutPublicAccessBlock_1.json');
    expect(put.data).toEqual({ ResponseMetadata: {} });
    s3.on(PutPublicAccessBlockCommand).resolves({});
    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults, contextOf(ci, [ci])), defaults);
    expect(s3.commandCalls(PutPublicAccessBlockCommand).map((c) => c.args[0].input)).toEqual([plan[0]?.input]);
    expect(s3.commandCalls(GetPublicAccessBlockCommand)).toHaveLength(0);
  });

  it('the engine refuses a call that is not its own', async () => {
    const foreign = [{ ...plan[0]!, input: { ...plan[0]!.input, Bucket: 'someone-else' } }];
    const live = liveOf(rule, ci, defaults, contextOf(ci, [ci]));
    await expect(applyDeclared(rule, sendWith(clients), foreign, live, defaults)).rejects.toThrow(
      PlanOutsideDeclarationError,
    );
    expect(s3.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
  });

  it('propagates AccessDenied (recorded as FAILED upstream)', async () => {
    s3.on(PutPublicAccessBlockCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(
      rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults, contextOf(ci, [ci])), defaults),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
