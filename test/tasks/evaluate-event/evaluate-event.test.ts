/** `Evaluate`: the triggered rules against the current state, with context; read errors and rule failures are ERROR findings. */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { createEvaluateEvent, evaluateCurrentState } from '../../../tasks/evaluate-event/evaluate-event';
import { activeRules } from '../../../tasks/rules/settings';
import { parseWardenConfig } from '../../../tasks/shared/config';
import type { ResourceRef } from '../../../tasks/shared/events/event-model';
import type { Finding } from '../../../tasks/shared/model';
import { ec2InstanceCi, makeCi, s3BucketCi } from '../../support/ci-builder';

const A = '111111111111';
const config = parseWardenConfig({});
const rules = (...ids: string[]) => activeRules(config).filter((a) => ids.includes(a.rule.id));
const event = {
  eventId: 'e-1',
  eventName: 'DeleteBucketEncryption',
  detailType: 'AWS API Call via CloudTrail',
  kind: 'API_CALL' as const,
  time: '2026-11-21T10:00:00.000Z',
  originator: { type: 'IAMUser', display: 'IAM user ops' },
};
const bucketRef: ResourceRef = { resourceType: 'AWS::S3::Bucket', resourceId: 'b', accountId: A, region: 'us-east-1' };
const pabAllOn = makeCi({
  resourceType: 'AWS::S3::AccountPublicAccessBlock',
  resourceId: A,
  accountId: A,
  configuration: {
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: true,
    restrictPublicBuckets: true,
  },
});

describe('evaluateCurrentState', () => {
  it('a non-compliant bucket: finding with the plan, the IaC hint and what triggered the re-check', () => {
    const r = evaluateCurrentState(
      { state: { items: [s3BucketCi('b', { accountId: A })], related: [pabAllOn], errors: [], relatedUnknown: [] } },
      [bucketRef],
      rules('s3-bucket-encryption', 's3-bucket-public-access-block'),
      event,
    );
    expect(r.resourcesEvaluated).toBe(1);
    expect(r.counts).toEqual({
      's3-bucket-encryption': { COMPLIANT: 0, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, ERROR: 0 },
      's3-bucket-public-access-block': { COMPLIANT: 1, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 0 },
    });
    const [f] = r.findings as [Finding];
    expect(f.message).toBe(
      'Bucket b has no default encryption configuration; re-checked after DeleteBucketEncryption by IAM user ops at 2026-11-21T10:00:00.000Z',
    );
    expect(f.plan?.map((c) => c.operation)).toEqual(['PutBucketEncryption']);
    expect(f.iac?.tool).toBe('unknown');
    expect(f.evidence?.trigger).toEqual({
      eventId: 'e-1',
      eventName: 'DeleteBucketEncryption',
      by: 'IAM user ops',
      at: '2026-11-21T10:00:00.000Z',
    });
  });

  it('a related type that could not be read: rules needing it say ERROR, the others are unaffected', () => {
    const r = evaluateCurrentState(
      {
        state: {
          items: [s3BucketCi('b', { accountId: A })],
          related: [],
          errors: [],
          relatedUnknown: ['AWS::S3::AccountPublicAccessBlock'],
        },
      },
      [bucketRef],
      rules('s3-bucket-encryption', 's3-bucket-public-access-block'),
      event,
    );
    expect(r.findings.map((f) => [f.ruleId, f.status])).toEqual([
      ['s3-bucket-encryption', 'NON_COMPLIANT'],
      ['s3-bucket-public-access-block', 'ERROR'],
    ]);
  });

  it('a resource that could not be read, or no state at all, is an ERROR finding per rule of its type', () => {
    const instanceRef: ResourceRef = {
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-1',
      accountId: A,
      region: 'us-east-1',
    };
    const r = evaluateCurrentState(
      {
        state: {
          items: [],
          related: [],
          errors: [{ resource: 'x', resourceType: 'AWS::EC2::Instance', ref: instanceRef, error: 'AccessDenied: no' }],
          relatedUnknown: [],
        },
      },
      [instanceRef],
      rules('ec2-instance-required-tags'),
      event,
    );
    expect(r.findings.map((f) => [f.status, f.arn, f.message.split(';')[0]])).toEqual([
      ['ERROR', `arn:aws:ec2:us-east-1:${A}:instance/i-1`, 'could not read the current state: AccessDenied: no'],
    ]);
    const none = evaluateCurrentState(
      { unreadable: 'role missing' },
      [bucketRef],
      rules('s3-bucket-encryption'),
      event,
    );
    expect(none.findings.map((f) => [f.status, f.arn])).toEqual([['ERROR', 'arn:aws:s3:::b']]);
    expect(none.counts['s3-bucket-encryption']?.ERROR).toBe(1);
  });

  it('a rule that throws is an ERROR finding for that rule only', () => {
    const broken = rules('ec2-instance-required-tags').map((a) => ({
      ...a,
      rule: {
        ...a.rule,
        evaluate: () => {
          throw new RangeError('oops');
        },
      },
    }));
    const r = evaluateCurrentState(
      { state: { items: [ec2InstanceCi('i-1', { accountId: A })], related: [], errors: [], relatedUnknown: [] } },
      [],
      broken,
      event,
    );
    expect(r.findings.map((f) => f.message.split(';')[0])).toEqual(['rule failed: RangeError: oops']);
  });
  it('never runs a rule that declares no event trigger, even when the input names it (as the sweep never runs one without triggers.sweep)', () => {
    const [encryption] = rules('s3-bucket-encryption');
    if (encryption === undefined) throw new Error('s3-bucket-encryption is not active');
    const sweepOnly = { ...encryption, rule: { ...encryption.rule, id: 'sweep-only', triggers: { sweep: true } } };
    const r = evaluateCurrentState(
      { state: { items: [s3BucketCi('b', { accountId: A })], related: [pabAllOn], errors: [], relatedUnknown: [] } },
      [bucketRef],
      [encryption, sweepOnly],
      event,
    );
    expect(Object.keys(r.counts)).toEqual(['s3-bucket-encryption']);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['s3-bucket-encryption']);
    const unread = evaluateCurrentState({ unreadable: 'role missing' }, [bucketRef], [sweepOnly], event);
    expect([unread.counts, unread.findings]).toEqual([{}, []]);
  });
});

describe('Evaluate (task)', () => {
  it('evaluates only the rules Normalize event chose, and stores the findings', async () => {
    const store = new MemoryObjectStore();
    await store.putJson('inventories/event-x/111111111111.json', {
      items: [s3BucketCi('b', { accountId: A })],
      related: [pabAllOn],
      errors: [],
      relatedUnknown: [],
    });
    const out = await createEvaluateEvent({ store, config })({
      event,
      sweep: { sweepId: 'event-x' },
      target: { accountId: A },
      resource: { ruleIds: ['s3-bucket-encryption'], refs: [bucketRef] },
      current: { ref: 'inventories/event-x/111111111111.json' },
    });
    expect(out).toEqual({
      resourcesEvaluated: 1,
      counts: { 's3-bucket-encryption': { COMPLIANT: 0, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, ERROR: 0 } },
      findingsRef: 'findings/event-x/111111111111.json',
      findingCount: 1,
    });
  });
});
