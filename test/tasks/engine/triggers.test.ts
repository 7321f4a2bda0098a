/** Rule selection from the declared triggers: the sweep's rules, the event path's, and which an event triggers. */
import { describe, expect, it } from 'vitest';
import { eventPathRules, eventRuleTriggered, resourceRulesFor, sweepRules } from '../../../tasks/engine/triggers';
import { EVENT_RULES } from '../../../tasks/rules/events/index';
import { RULES } from '../../../tasks/rules/index';
import { activeRules } from '../../../tasks/rules/settings';
import { parseWardenConfig } from '../../../tasks/shared/config';
import type { NormalizedEvent } from '../../../tasks/shared/events/event-model';
import type { Triggers } from '../../../tasks/shared/triggers';

const declared = (id: string, triggers: Triggers, resourceTypes = ['AWS::S3::Bucket']) => ({
  rule: { id, triggers, resourceTypes },
});
const apiCall = (source: string, eventSource: string, eventName: string) =>
  ({ kind: 'API_CALL', source, eventSource, eventName }) as NormalizedEvent;

describe('sweepRules and eventPathRules', () => {
  it('the sweep runs the rules that say sweep; the event path the rules with a CloudTrail call or a Config change', () => {
    const rules = [
      declared('both', { sweep: true, configChange: true }),
      declared('sweep-only', { sweep: true }),
      declared('events-only', { sweep: false, cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket'] }] }),
      declared('no-calls', { sweep: false, cloudTrail: [] }),
    ];
    expect(sweepRules(rules).map((r) => r.rule.id)).toEqual(['both', 'sweep-only']);
    expect(eventPathRules(rules).map((r) => r.rule.id)).toEqual(['both', 'events-only']);
  });

  it('every rule an event can trigger is one the event path runs', () => {
    const active = activeRules(parseWardenConfig({}));
    for (const a of active) {
      for (const t of a.rule.triggers.cloudTrail ?? []) {
        for (const name of t.eventNames) {
          const triggered = resourceRulesFor(apiCall(t.source, `${t.source.slice(4)}.amazonaws.com`, name), active);
          expect(eventPathRules(triggered)).toEqual(triggered);
          expect(triggered).toContain(a);
        }
      }
    }
    expect(RULES.length).toBeGreaterThan(0);
  });
});

describe('resourceRulesFor', () => {
  const active = activeRules(parseWardenConfig({}));
  it('an API call re-checks the rules naming it, by EventBridge source or by the event source it maps to', () => {
    const ids = (e: NormalizedEvent) => resourceRulesFor(e, active).map((a) => a.rule.id);
    expect(ids(apiCall('aws.s3', 's3.amazonaws.com', 'DeleteBucketEncryption'))).toEqual(['s3-bucket-encryption']);
    expect(ids(apiCall('aws.other', 's3.amazonaws.com', 'DeleteBucketEncryption'))).toEqual(['s3-bucket-encryption']);
    expect(ids(apiCall('aws.s3', 's3.amazonaws.com', 'ListBuckets'))).toEqual([]);
  });

  it('a Config change re-checks the rules of its type that say configChange', () => {
    const change = (resourceType: string) =>
      ({ kind: 'CONFIG_CHANGE', configChange: { resourceType, resourceId: 'x' } }) as NormalizedEvent;
    const subnetRules = active
      .filter((a) => a.rule.resourceTypes.includes('AWS::EC2::Subnet') && a.rule.triggers.configChange === true)
      .map((a) => a.rule.id);
    expect(subnetRules).toContain('vpc-subnet-ip-exhaustion');
    expect(resourceRulesFor(change('AWS::EC2::Subnet'), active).map((a) => a.rule.id)).toEqual(subnetRules);
    expect(resourceRulesFor(change('AWS::SNS::Topic'), active)).toEqual([]);
  });
});

describe('eventRuleTriggered', () => {
  it('sign-ins, Parameter Store changes, watched calls and named calls reach the event rules that declare them', () => {
    const byId = new Map(EVENT_RULES.map((r) => [r.id, r.triggers]));
    const t = (id: string) => byId.get(id) as Triggers;
    const watch = { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', severity: 'HIGH' as const };
    expect(eventRuleTriggered(t('console-login-failure'), { kind: 'SIGN_IN' } as NormalizedEvent, undefined)).toBe(
      true,
    );
    expect(eventRuleTriggered(t('vpc-created'), { kind: 'SIGN_IN' } as NormalizedEvent, undefined)).toBe(false);
    expect(
      eventRuleTriggered(t('ssm-parameter-change'), { kind: 'PARAMETER_CHANGE' } as NormalizedEvent, undefined),
    ).toBe(true);
    const createUser = apiCall('aws.iam', 'iam.amazonaws.com', 'CreateUser');
    expect(eventRuleTriggered(t('watched-api-call'), createUser, watch)).toBe(true);
    expect(eventRuleTriggered(t('watched-api-call'), createUser, undefined)).toBe(false);
    expect(eventRuleTriggered(t('vpc-created'), apiCall('aws.ec2', 'ec2.amazonaws.com', 'CreateVpc'), undefined)).toBe(
      true,
    );
  });
});
