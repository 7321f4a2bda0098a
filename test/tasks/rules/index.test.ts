/**
 * Registry conformance: every rule in RULES is complete (id = file name, permissions declared,
 * defaults parse, fixtures present and evaluated as their names say, planned calls executable, a
 * test file exercising the remediation's plan and apply).
 * Fixture names: `compliant*`, `non-compliant*`, `not-applicable*` (expected status with the fixture's
 * parameters, default unless it sets some) and `error*` (evaluate throws, i.e. an ERROR finding).
 * A `non-compliant-unplannable*` fixture is one whose remediation plan must refuse (throw), saying why.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertDeclaredPlan } from '../../../tasks/engine/plan-guard';
import { RULES, resolveRuleParameters, ruleById } from '../../../tasks/rules/index';
import type { Rule } from '../../../tasks/rules/rule';
import { isSupportedApiCall } from '../../../tasks/shared/api-calls';
import { InvalidInputError } from '../../../tasks/shared/errors';
import type { EvaluationStatus } from '../../../tasks/shared/model';
import { fixtureContext, RULE_FIXTURES_DIR, readRuleFixtureCase, ruleFixtureNames } from '../../support/ci-builder';

const RULES_DIR = path.resolve(process.cwd(), 'tasks/rules');
const RULE_TESTS_DIR = path.resolve(process.cwd(), 'test/tasks/rules');
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
const rules = RULES as readonly Rule<unknown>[];

/** SDK operations whose IAM action is named differently (S3's bucket-level public access block). */
const IAM_ACTION_OF: Readonly<Record<string, string>> = {
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
};

function expectedStatus(fixture: string): EvaluationStatus | 'ERROR' {
  if (fixture.startsWith('non-compliant')) return 'NON_COMPLIANT';
  if (fixture.startsWith('compliant')) return 'COMPLIANT';
  if (fixture.startsWith('not-applicable')) return 'NOT_APPLICABLE';
  if (fixture.startsWith('error')) return 'ERROR';
  throw new Error(`fixture name ${fixture} does not start with compliant/non-compliant/not-applicable/error`);
}

describe('rule registry', () => {
  it('keeps the catalogue ids of DESIGN §5 (public contract: reports, exemptions, cdk.json), each id once', () => {
    // Not the whole list: a new rule is found by the conformance test (conformance.test.ts walks
    // tasks/rules/), so adding one never edits this; removing or renaming a catalogue rule fails here.
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        's3-bucket-encryption',
        's3-bucket-public-access-block',
        'ec2-instance-required-tags',
        'ec2-instance-admin-security-group',
        'ec2-security-group-open-ingress',
        'ec2-volume-encryption',
        'vpc-subnet-ip-exhaustion',
        'rds-instance-encryption-and-tags',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ruleById finds a rule by id and nothing else', () => {
    expect(ruleById('s3-bucket-encryption')?.id).toBe('s3-bucket-encryption');
    expect(ruleById('S3-Bucket-Encryption')).toBeUndefined();
    expect(ruleById('toString')).toBeUndefined();
  });
});

describe.each(rules.map((rule) => [rule.id, rule] as const))('rule %s conforms', (id, rule) => {
  const ruleFile = (): string | undefined =>
    readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(d.name, `${id}.ts`))
      .find((f) => existsSync(path.join(RULES_DIR, f)));

  it('lives in tasks/rules/<service>/<id>.ts', () => {
    const files = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(d.name, `${id}.ts`))
      .filter((f) => existsSync(path.join(RULES_DIR, f)));
    expect(files).toHaveLength(1);
  });

  it('has its own test file, which tests the remediation plan and apply', () => {
    const file = ruleFile();
    const testFile = path.join(RULE_TESTS_DIR, (file ?? `?/${id}.ts`).replace(/\.ts$/, '.test.ts'));
    expect(existsSync(testFile), testFile).toBe(true);
    if (rule.remediation === undefined) return;
    const source = readFileSync(testFile, 'utf8');
    expect(source).toMatch(/\.plan\(/);
    expect(source).toMatch(/\.apply\(/);
  });

  it('declares parameters whose every field has a default (parse({}) succeeds)', () => {
    expect(rule.parameters.safeParse({}).success).toBe(true);
  });

  it('declares its permissions as IAM actions', () => {
    expect(rule.permissions.read.length).toBeGreaterThan(0);
    for (const action of [...rule.permissions.read, ...(rule.remediation?.permissions ?? [])]) {
      expect(action).toMatch(IAM_ACTION);
    }
    if (rule.remediation !== undefined) expect(rule.remediation.permissions.length).toBeGreaterThan(0);
    if (rule.defaultMode === 'remediate') expect(rule.remediation).toBeDefined();
  });

  it('has fixtures: at least one compliant and one non-compliant', () => {
    expect(existsSync(path.join(RULE_FIXTURES_DIR, id))).toBe(true);
    const names = ruleFixtureNames(id);
    expect(names.some((n) => expectedStatus(n) === 'COMPLIANT')).toBe(true);
    expect(names.some((n) => expectedStatus(n) === 'NON_COMPLIANT')).toBe(true);
  });

  it.each(ruleFixtureNames(id))('fixture %s evaluates as its name says', (name) => {
    const fixture = readRuleFixtureCase(id, name);
    const { ci } = fixture;
    const params = resolveRuleParameters(rule, fixture.parameters);
    const context = fixtureContext(fixture);
    expect(rule.resourceTypes).toContain(ci.resourceType);
    const expected = expectedStatus(name);
    if (expected === 'ERROR') {
      expect(() => rule.evaluate(ci, params, context)).toThrow();
      return;
    }
    const evaluation = rule.evaluate(ci, params, context);
    expect(evaluation.status).toBe(expected);
    expect(evaluation.message).not.toBe('');
    if (expected !== 'NON_COMPLIANT') return;
    expect(rule.iacHint(ci, params).propertyPath).not.toBe('');
    if (rule.remediation === undefined) return;
    if (name.startsWith('non-compliant-unplannable')) {
      expect(() => rule.remediation?.plan(ci, params, context)).toThrow(InvalidInputError);
      return;
    }
    const plan = rule.remediation.plan(ci, params, context);
    for (const call of plan) {
      expect(isSupportedApiCall(call), `${call.service}:${call.operation}`).toBe(true);
    }
    // The engine's guard would keep it: declared operations, on this very resource.
    expect(() =>
      assertDeclaredPlan(rule.id, rule.remediation?.operations ?? [], plan, { resourceId: ci.resourceId, ci }),
    ).not.toThrow();
  });

  it('a remediation plans allow-listed calls for at least one non-compliant fixture', () => {
    if (rule.remediation === undefined) return;
    const planned = ruleFixtureNames(id)
      .filter((name) => expectedStatus(name) === 'NON_COMPLIANT' && !name.startsWith('non-compliant-unplannable'))
      .flatMap((name) => {
        const fixture = readRuleFixtureCase(id, name);
        const params = resolveRuleParameters(rule, fixture.parameters);
        return rule.remediation?.plan(fixture.ci, params, fixtureContext(fixture)) ?? [];
      });
    expect(planned.length).toBeGreaterThan(0);
    for (const call of planned) expect(isSupportedApiCall(call), `${call.service}:${call.operation}`).toBe(true);
  });
});

describe('every planned call is executable and permitted', () => {
  it.each(rules.filter((r) => r.remediation !== undefined).map((r) => [r.id, r] as const))(
    '%s: the IAM actions of its planned calls are among its remediation permissions',
    (id, rule) => {
      const permissions = new Set(rule.remediation?.permissions ?? []);
      const operations = new Set(
        ruleFixtureNames(id)
          .filter((name) => name.startsWith('non-compliant') && !name.startsWith('non-compliant-unplannable'))
          .flatMap((name) => {
            const fixture = readRuleFixtureCase(id, name);
            const params = resolveRuleParameters(rule, fixture.parameters);
            return (rule.remediation?.plan(fixture.ci, params, fixtureContext(fixture)) ?? []).map(
              (call) => `${call.service}:${call.operation}`,
            );
          }),
      );
      for (const operation of operations)
        expect(permissions.has(IAM_ACTION_OF[operation] ?? operation), operation).toBe(true);
    },
  );
});

describe('resolveRuleParameters', () => {
  const rule = ruleById('ec2-instance-required-tags')!;

  it('fills defaults for missing overrides', () => {
    expect(resolveRuleParameters(rule, undefined)).toEqual({
      requiredTags: { Owner: 'unassigned', CostCenter: 'unassigned' },
    });
    expect(resolveRuleParameters(rule, null)).toEqual({
      requiredTags: { Owner: 'unassigned', CostCenter: 'unassigned' },
    });
    expect(resolveRuleParameters(rule, { requiredTags: { Team: 'x' } })).toEqual({ requiredTags: { Team: 'x' } });
  });

  it('throws InvalidInputError naming the rule and the bad field', () => {
    expect(() => resolveRuleParameters(rule, { requiredTags: { 'aws:Owner': 'x' } })).toThrow(InvalidInputError);
    expect(() => resolveRuleParameters(rule, { requiredTags: { 'aws:Owner': 'x' } })).toThrow(
      'Invalid parameters for rule ec2-instance-required-tags: requiredTags.aws:Owner: "aws:Owner": tag keys starting with "aws:" are reserved for AWS and cannot be created',
    );
    const s3 = ruleById('s3-bucket-encryption')!;
    expect(() => resolveRuleParameters(s3, { allowedAlgorithms: ['aws:kms'] })).toThrow(
      /^Invalid parameters for rule s3-bucket-encryption: remediationAlgorithm: /,
    );
    expect(() => resolveRuleParameters(s3, 'AES256')).toThrow(
      /^Invalid parameters for rule s3-bucket-encryption: \(parameters\): /,
    );
  });
});
