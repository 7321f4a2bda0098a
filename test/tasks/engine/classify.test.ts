/** Where an event goes: which resource rules re-check what, which informational rules match, or why not. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../tasks/engine/classify';
import { activeEventRules } from '../../../tasks/rules/events/settings';
import { activeRules } from '../../../tasks/rules/settings';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { parseEnvelope } from '../../../tasks/shared/events/envelope';
import type { NormalizedEvent } from '../../../tasks/shared/events/event-model';
import { readCorpusJson, wrapCloudTrail } from '../../support/corpus-events';

const config = parseWardenConfig({});
const eventOf = (file: string): NormalizedEvent => {
  const raw = readCorpusJson(file) as Record<string, unknown>;
  const parsed = parseEnvelope(raw['detail-type'] === undefined ? wrapCloudTrail(raw) : raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
};
const run = (event: NormalizedEvent, cfg = config, watch?: Parameters<typeof classify>[3]) =>
  classify(event, activeRules(cfg), activeEventRules(cfg), watch);

describe('classify', () => {
  it('a DeleteBucketEncryption: s3-bucket-encryption re-checks the bucket', () => {
    const c = run(
      eventOf('panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deleted-successfully.json'),
    );
    expect(c).toEqual({
      route: 'RESOURCE',
      reason: 's3-bucket-encryption re-checks AWS::S3::Bucket sensitive-data-bucket',
      resource: {
        ruleIds: ['s3-bucket-encryption'],
        refs: [
          {
            resourceType: 'AWS::S3::Bucket',
            resourceId: 'sensitive-data-bucket',
            accountId: '111111111111',
            region: 'us-east-1',
          },
        ],
      },
      matches: [],
    });
  });

  it('a disabled rule is not triggered', () => {
    const off = parseWardenConfig({ rules: { 's3-bucket-encryption': { enabled: false } } });
    const c = run(
      eventOf('panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deleted-successfully.json'),
      off,
    );
    expect([c.route, c.reason]).toEqual([
      'IGNORED',
      'no Warden rule reacts to s3.amazonaws.com DeleteBucketEncryption',
    ]);
  });

  it('a successful sign-in with MFA: the informational rule says why it has nothing to say', () => {
    const event = eventOf('awsdocs/consolelogin-iam-user-failure.json');
    const success = { ...event, signIn: { result: 'Success', mfaUsed: true } };
    expect(run(success)).toMatchObject({
      route: 'IGNORED',
      reason: 'console-login-failure: the sign-in succeeded with MFA; root-sign-in: not a sign-in of the root user',
    });
  });

  it('a watched call that also triggers a resource rule goes the resource way and keeps the match', () => {
    const event = eventOf(
      'panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deleted-successfully.json',
    );
    const c = run(event, config, {
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteBucketEncryption',
      severity: 'CRITICAL',
    });
    expect(c.route).toBe('RESOURCE');
    expect(c.reason).toBe(
      's3-bucket-encryption re-checks AWS::S3::Bucket sensitive-data-bucket; watched-api-call matched',
    );
    expect(c.matches.map((m) => [m.ruleId, m.severity, m.mode])).toEqual([['watched-api-call', 'CRITICAL', 'notify']]);
  });

  it('a watched call naming no resource for its resource rule still notifies, saying why', () => {
    const event = eventOf('panther-analysis/aws_resource_made_public__null-request-parameters.json');
    const c = run(event, config, { eventSource: 's3.amazonaws.com', eventName: '*', severity: 'HIGH' });
    expect(c.route).toBe('NOTIFY');
    expect(c.reason).toBe(
      'watched-api-call matched; PutBucketPolicy names no AWS::S3::Bucket that s3-bucket-public-access-block, s3-bucket-no-public-read, s3-bucket-no-public-write, s3-bucket-ssl-only could re-check (requestParameters is null)',
    );
  });

  it('an event rule that throws is notified as such, never silent', () => {
    const throwing = activeEventRules(config).map((a) =>
      a.rule.id === 'vpc-created'
        ? {
            ...a,
            rule: {
              ...a.rule,
              evaluate: () => {
                throw new TypeError('bad');
              },
            },
          }
        : a,
    );
    const c = classify(
      eventOf('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'),
      activeRules(config),
      throwing,
      undefined,
    );
    expect(c.route).toBe('NOTIFY');
    expect(c.matches.map((m) => [m.ruleId, m.message])).toEqual([
      ['vpc-created', 'Rule vpc-created failed on this event: TypeError: bad'],
    ]);
  });
});
