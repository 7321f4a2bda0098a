/**
 * Contract: every configuration item of ../shared/corpus/aws-config-rdk (AWS-authored sample CIs,
 * both flavours) through every rule that applies to its type, with the whole corpus as the
 * evaluation context, exact statuses. Types no rule evaluates are listed too, so a new rule for them
 * must update this table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateResources } from '../../tasks/engine/evaluate';
import { createEvaluationContexts } from '../../tasks/rules/context';
import { RULES, resolveRuleParameters } from '../../tasks/rules/index';
import type { Rule } from '../../tasks/rules/rule';
import { activeRules } from '../../tasks/rules/settings';
import { parseWardenConfig } from '../../tasks/shared/config';
import type { ConfigurationItem } from '../../tasks/shared/model';
import { normalizeCi } from '../../tasks/shared/normalize-ci';

const RDK = resolve(process.cwd(), '../shared/corpus/aws-config-rdk');
const files = readdirSync(RDK)
  .filter((f) => f.endsWith('.json'))
  .sort();
const items: ConfigurationItem[] = files.map((f) => normalizeCi(JSON.parse(readFileSync(resolve(RDK, f), 'utf8'))));
const contextOf = createEvaluationContexts(items);
const rules = RULES as readonly Rule<unknown>[];

function outcome(rule: Rule<unknown>, ci: ConfigurationItem, overrides: unknown = {}): string {
  try {
    return rule.evaluate(ci, resolveRuleParameters(rule, overrides), contextOf(ci)).status;
  } catch (error) {
    return `ERROR (${(error as Error).name})`;
  }
}

/** file -> rule id -> status with default parameters. */
const EXPECTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS_DynamoDB_Table.json': { 'dynamodb-table-pitr': 'NON_COMPLIANT' },
  'AWS_EC2_Instance.json': {
    'ec2-instance-required-tags': 'NON_COMPLIANT',
    'ec2-instance-admin-security-group': 'NOT_APPLICABLE',
    'ec2-instance-no-public-ip': 'NON_COMPLIANT',
    'ec2-instance-imdsv2-required': 'NON_COMPLIANT',
  },
  'AWS_EC2_SecurityGroup.json': {
    'ec2-security-group-open-ingress': 'NON_COMPLIANT',
    'ec2-default-security-group-closed': 'NOT_APPLICABLE',
    'ec2-security-group-high-risk-ports': 'NON_COMPLIANT',
    // The corpus has no network interface items: in that inventory the group is on no ENI.
    'ec2-security-group-unused': 'NON_COMPLIANT',
  },
  // No flow log items in the corpus.
  'AWS_EC2_VPC.json': { 'vpc-flow-logs-enabled': 'NON_COMPLIANT' },
  'AWS_EC2_Volume.json': { 'ec2-volume-encryption': 'COMPLIANT' },
  'AWS_S3_AccountPublicAccessBlock.json': { 's3-account-public-access-block': 'COMPLIANT' },
  'AWS_S3_Bucket.json': {
    's3-bucket-encryption': 'NON_COMPLIANT',
    's3-bucket-public-access-block': 'NON_COMPLIANT',
    // A Deny-only policy and an owner-only ACL: private.
    's3-bucket-no-public-read': 'COMPLIANT',
    's3-bucket-no-public-write': 'COMPLIANT',
    // Its SecureTransport deny names the bucket ARN only, not its objects (<arn>/*): object requests over HTTP pass.
    's3-bucket-ssl-only': 'NON_COMPLIANT',
    's3-bucket-logging': 'NON_COMPLIANT',
    's3-bucket-versioning': 'COMPLIANT',
  },
};

describe('contract: every aws-config-rdk CI through every applicable rule', () => {
  it('covers the seven sample CIs', () => {
    expect(files).toEqual(Object.keys(EXPECTED));
  });

  it.each(files.map((f, i) => [f, items[i] as ConfigurationItem] as const))('%s', (file, ci) => {
    const applicable = rules.filter((r) => r.resourceTypes.includes(ci.resourceType));
    const got = Object.fromEntries(applicable.map((r) => [r.id, outcome(r, ci)]));
    expect(got).toEqual(EXPECTED[file]);
  });

  it("the bucket stays non-compliant: the corpus's account-level block belongs to another account", () => {
    const bucket = items.find((ci) => ci.resourceType === 'AWS::S3::Bucket') as ConfigurationItem;
    const pab = items.find((ci) => ci.resourceType === 'AWS::S3::AccountPublicAccessBlock') as ConfigurationItem;
    expect([bucket.accountId, pab.accountId]).toEqual(['934654633380', '123456789012']);
    const rule = rules.find((r) => r.id === 's3-bucket-public-access-block') as Rule<unknown>;
    // The same all-on block in the bucket's own account makes it compliant.
    const own: ConfigurationItem = { ...pab, accountId: bucket.accountId, resourceId: bucket.accountId };
    const withOwn = createEvaluationContexts([bucket, own])(bucket);
    expect(rule.evaluate(bucket, resolveRuleParameters(rule, {}), withOwn).status).toBe('COMPLIANT');
  });

  it('the instance with the admin rule configured: its VPC has no group of that name in the corpus', () => {
    const instance = items.find((ci) => ci.resourceType === 'AWS::EC2::Instance') as ConfigurationItem;
    const rule = rules.find((r) => r.id === 'ec2-instance-admin-security-group') as Rule<unknown>;
    const tag = { key: 'warden:admin-security-group', value: 'true' };
    // sg-fd215482 (launch-wizard-2) is the instance's own group: by id, compliant without any lookup.
    expect(outcome(rule, instance, { adminSecurityGroup: { id: 'sg-fd215482' } })).toBe('COMPLIANT');
    // By name, only a group found in the inventory and vetted counts: the name on the instance is not enough.
    expect(outcome(rule, instance, { adminSecurityGroup: { name: 'launch-wizard-2', tag } })).toBe('NON_COMPLIANT');
    // launch-wizard-7 exists, but in another account and VPC.
    expect(outcome(rule, instance, { adminSecurityGroup: { name: 'launch-wizard-7', tag } })).toBe('NON_COMPLIANT');
  });

  it('the batch engine agrees, counting each rule once per applicable item', () => {
    // The counts the table above states, per registered rule (derived, so a new rule only adds table entries).
    const expected: Record<string, Record<string, number>> = Object.fromEntries(
      rules.map((r) => [r.id, { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 0 }]),
    );
    for (const byRule of Object.values(EXPECTED)) {
      for (const [id, status] of Object.entries(byRule)) {
        const counts = expected[id] as Record<string, number>;
        counts[status] = (counts[status] ?? 0) + 1;
      }
    }
    const result = evaluateResources(items, activeRules(parseWardenConfig({})));
    expect(result.resourcesEvaluated).toBe(Object.values(EXPECTED).filter((e) => Object.keys(e).length > 0).length);
    expect(result.counts).toEqual(expected);
  });
});
