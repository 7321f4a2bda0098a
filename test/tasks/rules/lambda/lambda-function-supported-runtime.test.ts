import { describe, expect, it } from 'vitest';
import {
  lambdaFunctionSupportedRuntime as rule,
  SUPPORTED_RUNTIMES,
} from '../../../../tasks/rules/lambda/lambda-function-supported-runtime';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';
import { placeboResponse } from '../../../support/placebo';

const RULE_ID = 'lambda-function-supported-runtime';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('lambda-function-supported-runtime: definition', () => {
  it('implements Lambda.2, notifies, and defaults to the supported runtimes', () => {
    expect(rule.controls).toEqual(['FSBP Lambda.2']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(defaults.supportedRuntimes).toEqual([...SUPPORTED_RUNTIMES]);
    expect(defaults.supportedRuntimes).toEqual(expect.arrayContaining(['nodejs22.x', 'python3.13', 'java21']));
    for (const deprecated of ['python2.7', 'nodejs16.x', 'go1.x', 'java8', 'dotnetcore3.1', 'ruby2.7']) {
      expect(defaults.supportedRuntimes).not.toContain(deprecated);
    }
    expect(rule.parameters.safeParse({ supportedRuntimes: [] }).success).toBe(false);
  });
});

describe('lambda-function-supported-runtime: evaluate', () => {
  it('python2.7, as recorded for c7n-cross-check (placebo test_cross_account_lambda), is not supported', () => {
    const listed = placeboResponse('test_cross_account_lambda__lambda.ListFunctions_1.json');
    const functions = (listed.ok ? listed.output.Functions : []) as { FunctionName: string; Runtime: string }[];
    expect(functions.find((f) => f.FunctionName === 'c7n-cross-check')?.Runtime).toBe('python2.7');
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'Function c7n-cross-check runs on python2.7, which Lambda no longer supports: it gets no security patches',
      evidence: { runtime: 'python2.7' },
    });
  });

  it('a supported runtime is compliant; the list is a parameter', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Function c7n-cross-check runs on python3.12, a supported runtime',
      evidence: { runtime: 'python3.12' },
    });
    const strict = rule.parameters.parse({ supportedRuntimes: ['python3.13'] });
    expect(rule.evaluate(fixture('compliant'), strict).status).toBe('NON_COMPLIANT');
  });

  it('container images and deleted functions are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-container-image'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: 'Function c7n-cross-check is a container image, whose runtime is built into the image',
    });
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('a .zip function without a recorded runtime is an error', () => {
    expect(() => rule.evaluate(fixture('error-no-runtime'), defaults)).toThrow(UnknownPropertyError);
  });

  it('iacHint names the current runtime', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults).suggestedChange).toBe(
      'set Runtime to a supported runtime of the same language (now python2.7)',
    );
  });
});
