/**
 * Registry conformance: every rule in RULES is complete (id = file name, permissions declared,
 * defaults parse, fixtures present and evaluated as their names say, planned calls executable).
 * Fixture names: `compliant*`, `non-compliant*`, `not-applicable*` (expected status with default
 * parameters) and `error*` (evaluate throws, i.e. an ERROR finding).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, resolveRuleParameters, ruleById } from '../../../tasks/rules/index';
import type { Rule } from '../../../tasks/rules/rule';
import { isSupportedApiCall } from '../../../tasks/shared/api-calls';
import { InvalidInputError } from '../../../tasks/shared/errors';
import type { EvaluationStatus } from '../../../tasks/shared/model';
import { RULE_FIXTURES_DIR, readRuleFixture, ruleFixtureNames } from '../../support/ci-builder';

const RULES_DIR = path.resolve(process.cwd(), 'tasks/rules');
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
const rules = RULES as readonly Rule<unknown>[];

function expectedStatus(fixture: string): EvaluationStatus | 'ERROR' {
  if (fixture.startsWith('non-compliant')) return 'NON_COMPLIANT';
  if (fixture.startsWith('compliant')) return 'COMPLIANT';
  if (fixture.startsWith('not-applicable')) return 'NOT_APPLICABLE';
  if (fixture.startsWith('error')) return 'ERROR';
  throw new Error(`fixture name ${fixture} does not start with compliant/non-compliant/not-applicable/error`);
}

describe('rule registry', () => {
  it('holds the catalogue rules, each id once', () => {
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual(['s3-bucket-encryption', 'ec2-instance-required-tags']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ruleById finds a rule by id and nothing else', () => {
    expect(ruleById('s3-bucket-encryption')?.id).toBe('s3-bucket-encryption');
    expect(ruleById('S3-Bucket-Encryption')).toBeUndefined();
    expect(ruleById('toString')).toBeUndefined();
  });
});

describe.each(rules.map((rule) => [rule.id, rule] as const))('rule %s conforms', (id, rule) => {
  const defaults = rule.parameters.parse({});

  it('lives in tasks/rules/<service>/<id>.ts', () => {
    const files = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(d.name, `${id}.ts`))
      .filter((f) => existsSync(path.join(RULES_DIR, f)));
    expect(files).toHaveLength(1);
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

  it.each(ruleFixtureNames(id))('fixture %s evaluates as its name says with default parameters', (name) => {
    const ci = readRuleFixture(id, name);
    expect(rule.resourceTypes).toContain(ci.resourceType);
    const expected = expectedStatus(name);
    if (expected === 'ERROR') {
      expect(() => rule.evaluate(ci, defaults)).toThrow();
      return;
    }
    const evaluation = rule.evaluate(ci, defaults);
    expect(evaluation.status).toBe(expected);
    expect(evaluation.message).not.toBe('');
    if (expected === 'NON_COMPLIANT' && rule.remediation !== undefined) {
      const plan = rule.remediation.plan(ci, defaults);
      expect(plan.length).toBeGreaterThan(0);
      for (const call of plan) expect(isSupportedApiCall(call)).toBe(true);
      expect(rule.iacHint(ci, defaults).propertyPath).not.toBe('');
    }
  });
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
