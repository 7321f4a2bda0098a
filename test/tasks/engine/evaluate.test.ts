import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluateResources } from '../../../tasks/engine/evaluate';
import { defineRule, type Rule, type RuleSpec } from '../../../tasks/rules/rule';
import type { ActiveRule } from '../../../tasks/rules/settings';
import { requireKnown } from '../../../tasks/shared/ci';
import { findingIdOf } from '../../../tasks/shared/ids';
import type { ApiCall } from '../../../tasks/shared/model';
import { makeCi } from '../../support/ci-builder';

function rule(overrides: Partial<RuleSpec<{ limit: number }>>): ActiveRule {
  const r = defineRule<{ limit: number }>({
    id: 'test-rule',
    title: 'test',
    severity: 'LOW',
    controls: [],
    controlsNote: 'a test rule',
    rationale: 'a test rule',
    resourceTypes: ['AWS::S3::Bucket'],
    triggers: { sweep: true },
    defaultMode: 'notify',
    parameters: z.object({ limit: z.number().default(1) }),
    evaluate: (ci) =>
      ci.resourceId.startsWith('bad')
        ? { status: 'NON_COMPLIANT', message: `${ci.resourceId} is bad`, evidence: { id: ci.resourceId } }
        : { status: 'COMPLIANT', message: 'ok' },
    iac: { cloudformation: 'P', change: 'fix it' },
    ...overrides,
  });
  return { rule: r as Rule<unknown>, mode: 'notify', params: { limit: 1 } };
}

const PUT_ENCRYPTION = { service: 's3', operation: 'PutBucketEncryption', target: 'Bucket' } as const;

const bucket = (name: string, extra = {}) => makeCi({ resourceType: 'AWS::S3::Bucket', resourceId: name, ...extra });

describe('evaluateResources', () => {
  it('counts every result and keeps only non-compliant and error findings', () => {
    const items = [
      bucket('good-1'),
      bucket('bad-1'),
      bucket('good-2'),
      makeCi({ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-1' }),
    ];
    const result = evaluateResources(items, [rule({})]);
    expect(result.resourcesEvaluated).toBe(3);
    expect(result.counts).toEqual({ 'test-rule': { COMPLIANT: 2, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, ERROR: 0 } });
    expect(result.findings).toEqual([
      {
        findingId: findingIdOf('test-rule', 'arn:aws:s3:::bad-1'),
        ruleId: 'test-rule',
        severity: 'LOW',
        accountId: '123456789012',
        region: 'us-east-1',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'bad-1',
        arn: 'arn:aws:s3:::bad-1',
        status: 'NON_COMPLIANT',
        message: 'bad-1 is bad',
        evidence: { id: 'bad-1' },
        tags: {},
        iac: { tool: 'unknown', propertyPath: 'P', suggestedChange: 'fix it' },
      },
    ]);
  });

  it('turns a rule that throws into an ERROR finding for that resource only', () => {
    const throwing = rule({
      evaluate: (ci) => {
        if (ci.resourceId === 'boom') throw new TypeError('cannot read x of undefined');
        return { status: 'COMPLIANT', message: 'ok' };
      },
    });
    const result = evaluateResources([bucket('boom'), bucket('fine')], [throwing]);
    expect(result.counts['test-rule']).toEqual({ COMPLIANT: 1, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 1 });
    expect(result.findings[0]).toMatchObject({
      status: 'ERROR',
      message: 'rule failed: TypeError: cannot read x of undefined',
    });
  });

  it('makes a property the collector could not read an ERROR, never compliant', () => {
    const needsEncryption = rule({
      evaluate: (ci) => {
        requireKnown(ci, 'ServerSideEncryptionConfiguration');
        return { status: 'COMPLIANT', message: 'ok' };
      },
    });
    const result = evaluateResources(
      [bucket('denied', { unknown: { ServerSideEncryptionConfiguration: 'AccessDenied' } })],
      [needsEncryption],
    );
    expect(result.findings[0]).toMatchObject({ status: 'ERROR', message: expect.stringContaining('AccessDenied') });
  });

  it('attaches the remediation plan, and keeps a plan failure as evidence', () => {
    const remediable = rule({
      remediation: {
        risk: 'safe',
        operations: [PUT_ENCRYPTION],
        plan: (ci) => {
          if (ci.resourceId === 'bad-noplan') throw new Error('cannot plan');
          return [{ service: 's3', operation: 'PutBucketEncryption', input: { Bucket: ci.resourceId } }];
        },
      },
    });
    const result = evaluateResources([bucket('bad-1'), bucket('bad-noplan')], [remediable]);
    expect(result.findings[0]?.plan).toEqual([
      { service: 's3', operation: 'PutBucketEncryption', input: { Bucket: 'bad-1' } },
    ]);
    expect(result.findings[1]?.plan).toBeUndefined();
    expect(result.findings[1]?.evidence).toMatchObject({ planError: 'Error: cannot plan' });
  });

  it('a plan outside the declared operations becomes planError, never a plan: another resource, an undeclared operation', () => {
    const planning = (call: (bucket: string) => ApiCall) =>
      rule({ remediation: { risk: 'safe', operations: [PUT_ENCRYPTION], plan: (ci) => [call(ci.resourceId)] } });
    const otherBucket = planning(() => ({ service: 's3', operation: 'PutBucketEncryption', input: { Bucket: 'x' } }));
    const undeclared = planning((b) => ({ service: 's3', operation: 'PutPublicAccessBlock', input: { Bucket: b } }));
    const [other] = evaluateResources([bucket('bad-1')], [otherBucket]).findings;
    expect(other?.plan).toBeUndefined();
    expect(other?.evidence).toMatchObject({
      planError: 'PlanOutsideDeclarationError: test-rule may not plan s3:PutBucketEncryption: Bucket is "x", not bad-1',
    });
    const [foreign] = evaluateResources([bucket('bad-1')], [undeclared]).findings;
    expect(foreign?.plan).toBeUndefined();
    expect(foreign?.evidence).toMatchObject({
      planError:
        'PlanOutsideDeclarationError: test-rule may not plan s3:PutPublicAccessBlock: not one of its declared operations (s3:PutBucketEncryption)',
    });
  });

  it('names the CloudFormation stack that owns the resource', () => {
    const result = evaluateResources(
      [
        bucket('bad-cfn', {
          tags: { 'aws:cloudformation:stack-name': 'app', 'aws:cloudformation:logical-id': 'Logs' },
        }),
      ],
      [rule({})],
    );
    expect(result.findings[0]?.iac).toEqual({
      tool: 'cloudformation',
      stack: 'app',
      logicalId: 'Logs',
      propertyPath: 'P',
      suggestedChange: 'fix it',
    });
  });

  it('skips rules that do not run in sweeps', () => {
    const eventOnly = rule({ triggers: { sweep: false } });
    expect(evaluateResources([bucket('bad-1')], [eventOnly]).findings).toEqual([]);
  });
});
