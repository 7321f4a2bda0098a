import { CreateTagsCommand, DescribeTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared } from '../../../../tasks/engine/plan-guard';
import {
  type Ec2InstanceRequiredTagsParams,
  ec2InstanceRequiredTags as rule,
  TagLimitExceededError,
} from '../../../../tasks/rules/ec2/ec2-instance-required-tags';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { InvalidInputError } from '../../../../tasks/shared/errors';
import type { ApiCall } from '../../../../tasks/shared/model';
import { ec2InstanceCi, readRuleFixture } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 'ec2-instance-required-tags';
const INSTANCE = 'i-03402838daac1d611';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const params = (overrides: Record<string, unknown> = {}): Ec2InstanceRequiredTagsParams =>
  rule.parameters.parse(overrides);
const defaults = params();

/** `count` user tags `k0..k{count-1}`. */
function manyTags(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, `v${i}`]));
}

describe('ec2-instance-required-tags: definition', () => {
  it('declares the contract fields from the catalogue', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.severity).toBe('MEDIUM');
    expect(rule.defaultMode).toBe('remediate');
    expect(rule.resourceTypes).toEqual(['AWS::EC2::Instance']);
    expect(rule.triggers).toEqual({
      cloudTrail: [{ source: 'aws.ec2', eventNames: ['RunInstances', 'DeleteTags'] }],
      configChange: true,
      sweep: true,
    });
    expect(rule.permissions.read).toEqual(['ec2:DescribeInstances']);
    expect(rule.remediation?.permissions).toEqual(['ec2:CreateTags']);
  });
});

describe('ec2-instance-required-tags: parameters', () => {
  it('defaults to Owner and CostCenter, both "unassigned"', () => {
    expect(rule.parameters.parse({})).toEqual({ requiredTags: { Owner: 'unassigned', CostCenter: 'unassigned' } });
  });

  it.each(['aws:Owner', 'AWS:team', 'Aws:x', '', 'k'.repeat(129)])('rejects the key %j', (key) => {
    const result = rule.parameters.safeParse({ requiredTags: { [key]: 'x' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['requiredTags', key]);
  });

  it('says why an aws: key is rejected', () => {
    const result = rule.parameters.safeParse({ requiredTags: { 'aws:Owner': 'x' } });
    expect(result.error?.issues[0]?.message).toBe(
      '"aws:Owner": tag keys starting with "aws:" are reserved for AWS and cannot be created',
    );
  });

  it('accepts a key that merely contains aws:', () => {
    expect(params({ requiredTags: { 'team:aws:owner': 'x' } }).requiredTags).toEqual({ 'team:aws:owner': 'x' });
  });
});

describe('ec2-instance-required-tags: evaluate', () => {
  it.each([
    ['compliant', 'COMPLIANT', `Instance ${INSTANCE} has every required tag (Owner, CostCenter)`],
    ['compliant-empty-value', 'COMPLIANT', `Instance ${INSTANCE} has every required tag (Owner, CostCenter)`],
    [
      'compliant-configuration-tags-only',
      'COMPLIANT',
      `Instance ${INSTANCE} has every required tag (Owner, CostCenter)`,
    ],
    ['non-compliant', 'NON_COMPLIANT', `Instance ${INSTANCE} is missing required tags Owner, CostCenter`],
    ['non-compliant-missing-one', 'NON_COMPLIANT', `Instance ${INSTANCE} is missing required tag CostCenter`],
    [
      'non-compliant-case-differs',
      'NON_COMPLIANT',
      `Instance ${INSTANCE} is missing required tags Owner, CostCenter; it has "owner", but tag keys are case-sensitive, so that does not satisfy "Owner"; it has "costcenter", but tag keys are case-sensitive, so that does not satisfy "CostCenter"`,
    ],
    ['not-applicable-terminated', 'NOT_APPLICABLE', `Instance ${INSTANCE} is terminated`],
    ['not-applicable-shutting-down', 'NOT_APPLICABLE', `Instance ${INSTANCE} is shutting-down`],
    [
      'not-applicable-deleted',
      'NOT_APPLICABLE',
      `Instance ${INSTANCE} no longer exists or is not recorded (ResourceDeleted)`,
    ],
  ])('%s -> %s', (name, status, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toEqual(expect.objectContaining({ status, message }));
  });

  it('lists missing keys, present keys and case mismatches as evidence', () => {
    expect(rule.evaluate(fixture('non-compliant-case-differs'), defaults).evidence).toEqual({
      missing: ['Owner', 'CostCenter'],
      present: [],
      caseMismatches: { Owner: ['owner'], CostCenter: ['costcenter'] },
      userTagCount: 2,
    });
    expect(rule.evaluate(fixture('non-compliant-missing-one'), defaults).evidence).toEqual({
      missing: ['CostCenter'],
      present: ['Owner'],
      caseMismatches: {},
      userTagCount: 2,
    });
  });

  it('the configuration.tags fallback is only used when the tags map is empty', () => {
    const ci = ec2InstanceCi(INSTANCE, {
      tags: { Owner: 'a' },
      configurationTags: [{ key: 'CostCenter', value: 'b' }],
    });
    expect(rule.evaluate(ci, defaults).evidence).toMatchObject({ missing: ['CostCenter'] });
  });

  it('reads PascalCase {Key, Value} entries in configuration.tags too', () => {
    const ci = ec2InstanceCi(INSTANCE, {
      configurationTags: [{ Key: 'Owner', Value: 'a' } as never, { Key: 'CostCenter', Value: 'b' } as never],
    });
    expect(rule.evaluate(ci, defaults).status).toBe('COMPLIANT');
  });

  it.each(['pending', 'running', 'stopping', 'stopped'])('a %s instance is evaluated', (state) => {
    expect(rule.evaluate(ec2InstanceCi(INSTANCE, { state }), defaults).status).toBe('NON_COMPLIANT');
  });

  it('an instance with no recorded state is evaluated', () => {
    const ci = { ...ec2InstanceCi(INSTANCE), configuration: {} };
    expect(rule.evaluate(ci, defaults).status).toBe('NON_COMPLIANT');
  });

  it('uses the configured keys', () => {
    const p = params({ requiredTags: { Environment: 'dev' } });
    expect(rule.evaluate(fixture('compliant'), p).message).toBe(
      `Instance ${INSTANCE} is missing required tag Environment`,
    );
  });

  it('says when the 50-tag limit prevents the fix', () => {
    const ci = ec2InstanceCi(INSTANCE, { tags: manyTags(49) });
    expect(rule.evaluate(ci, defaults).message).toBe(
      `Instance ${INSTANCE} is missing required tags Owner, CostCenter; it cannot be fixed automatically: it already has 49 user tags and EC2 allows 50 per resource`,
    );
  });
});

describe('ec2-instance-required-tags: the placeholder keeps the problem visible (issue 20 item 7)', () => {
  it('a required tag still holding the placeholder the remediation set is non-compliant, with nothing left to plan', () => {
    const ci = fixture('non-compliant-placeholder');
    expect(rule.evaluate(ci, defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: `Instance ${INSTANCE} still has the placeholder Owner=unassigned: its owners must set a real value`,
      evidence: { missing: [], present: ['Owner', 'CostCenter'], placeholders: ['Owner'] },
    });
    // Nothing to add: the decision is NOTIFY, never another CreateTags.
    expect(rule.remediation?.plan(ci, defaults)).toEqual([]);
  });

  it('the placeholder is the configured default value, compared exactly', () => {
    const ci = fixture('non-compliant-placeholder');
    const own = rule.parameters.parse({ requiredTags: { Owner: 'TBD', CostCenter: 'TBD' } });
    expect(rule.evaluate(ci, own).status).toBe('COMPLIANT');
  });
});

describe('ec2-instance-required-tags: plan', () => {
  it('tags only the missing keys with their default values', () => {
    expect(rule.remediation?.plan(fixture('non-compliant'), defaults)).toEqual([
      {
        service: 'ec2',
        operation: 'CreateTags',
        input: {
          Resources: [INSTANCE],
          Tags: [
            { Key: 'Owner', Value: 'unassigned' },
            { Key: 'CostCenter', Value: 'unassigned' },
          ],
        },
      },
    ]);
    expect(rule.remediation?.plan(fixture('non-compliant-missing-one'), defaults)).toEqual([
      {
        service: 'ec2',
        operation: 'CreateTags',
        input: { Resources: [INSTANCE], Tags: [{ Key: 'CostCenter', Value: 'unassigned' }] },
      },
    ]);
  });

  it('adds the exact-case key next to a differently-cased one (it never renames)', () => {
    const [call] = rule.remediation?.plan(fixture('non-compliant-case-differs'), defaults) ?? [];
    expect(call?.input.Tags).toEqual([
      { Key: 'Owner', Value: 'unassigned' },
      { Key: 'CostCenter', Value: 'unassigned' },
    ]);
  });

  it('plans nothing for a compliant instance', () => {
    expect(rule.remediation?.plan(fixture('compliant'), defaults)).toEqual([]);
  });

  it('refuses to exceed 50 user tags; aws: tags do not count', () => {
    expect(() => rule.remediation?.plan(ec2InstanceCi(INSTANCE, { tags: manyTags(49) }), defaults)).toThrow(
      TagLimitExceededError,
    );
    expect(() => rule.remediation?.plan(ec2InstanceCi(INSTANCE, { tags: manyTags(49) }), defaults)).toThrow(
      `${INSTANCE} has 49 user tags; adding 2 would exceed EC2's limit of 50 tags per resource`,
    );
    const withAwsTags = {
      ...manyTags(48),
      'aws:cloudformation:stack-name': 's',
      'aws:cloudformation:logical-id': 'L',
      'aws:ec2launchtemplate:id': 'lt-1',
    };
    expect(
      rule.remediation?.plan(ec2InstanceCi(INSTANCE, { tags: withAwsTags }), defaults)?.[0]?.input.Tags,
    ).toHaveLength(2);
  });
});

describe('ec2-instance-required-tags: iacHint', () => {
  it('names the missing tags for CloudFormation, CDK and Terraform', () => {
    expect(rule.iacHint(fixture('non-compliant-missing-one'), defaults)).toEqual({
      propertyPath: 'Tags',
      suggestedChange: 'add {"Key": "CostCenter", "Value": "unassigned"} to Tags',
      cdk: 'Tags.of(instance).add("CostCenter", "unassigned");',
      terraform: 'tags = { "CostCenter" = "unassigned" } on aws_instance (or the provider\'s default_tags)',
    });
    expect(rule.iacHint(fixture('non-compliant'), defaults).cdk).toBe(
      'Tags.of(instance).add("Owner", "unassigned"); Tags.of(instance).add("CostCenter", "unassigned");',
    );
  });
});

describe('ec2-instance-required-tags: apply', () => {
  const ec2 = mockClient(EC2Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  const ci = fixture('non-compliant');
  const plan = rule.remediation?.plan(ci, defaults) ?? [];
  /** The instance as read right before the write, with these tags. */
  const liveWith = (tags: Record<string, string>) => liveOf(rule, { ...ci, tags }, defaults);
  const apply = (calls: ApiCall[], tags: Record<string, string>) =>
    rule.remediation?.apply(sendWith(clients), calls, liveWith(tags), defaults);
  afterEach(() => ec2.reset());

  it('adds the missing tags and reads nothing itself', async () => {
    ec2.on(CreateTagsCommand).resolves({});
    await apply(plan, { Name: 'web' });
    expect(ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input)).toEqual([plan[0]?.input]);
    expect(ec2.commandCalls(DescribeTagsCommand)).toHaveLength(0);
  });

  it('never overwrites a tag someone added since the CI was recorded', async () => {
    ec2.on(CreateTagsCommand).resolves({});
    await apply(plan, { Owner: 'alice' });
    expect(ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input)).toEqual([
      { Resources: [INSTANCE], Tags: [{ Key: 'CostCenter', Value: 'unassigned' }] },
    ]);
  });

  it('sends nothing when every planned key exists by now (idempotent re-apply)', async () => {
    await apply(plan, { Owner: 'alice', CostCenter: '' });
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  it('refuses to exceed 50 user tags at apply time (tags added meanwhile) and sends nothing', async () => {
    await expect(apply(plan, { ...manyTags(49), 'aws:cloudformation:stack-name': 's' })).rejects.toThrow(
      TagLimitExceededError,
    );
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  it.each<[string, ApiCall]>([
    ['another instance', { service: 'ec2', operation: 'CreateTags', input: { Resources: ['i-0other'], Tags: [] } }],
    [
      'several resources',
      {
        service: 'ec2',
        operation: 'CreateTags',
        input: { Resources: [INSTANCE, 'i-0other'], Tags: [{ Key: 'Owner', Value: 'x' }] },
      },
    ],
    ['another operation', { service: 'ec2', operation: 'DeleteTags', input: { Resources: [INSTANCE] } }],
    [
      'a malformed tag',
      { service: 'ec2', operation: 'CreateTags', input: { Resources: [INSTANCE], Tags: [{ Key: 'Owner' }] } },
    ],
  ])('the engine refuses a plan for %s and sends nothing', async (_what, call) => {
    await expect(applyDeclared(rule, sendWith(clients), [call], liveWith({}), defaults)).rejects.toThrow(
      InvalidInputError,
    );
    expect(ec2.calls()).toHaveLength(0);
  });
});
