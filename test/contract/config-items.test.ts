/**
 * Contract: every configuration item in the shared corpus (../shared/corpus) normalizes without error
 * and keeps its identity (type, id, account, region, ARN, status, tags, relationships).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciKey, normalizeCi, normalizeSelectResults } from '../../tasks/shared/normalize-ci';

const CORPUS = resolve(process.cwd(), '../shared/corpus');

type Raw = Record<string, unknown>;

function corpus(path: string): Raw {
  return JSON.parse(readFileSync(resolve(CORPUS, path), 'utf8')) as Raw;
}

function fromInvokingEvent(path: string): Raw {
  return (JSON.parse(String(corpus(path).invokingEvent)) as { configurationItem: Raw }).configurationItem;
}

/** placebo datetimes -> `Date`, as the SDK v3 returns GetResourceConfigHistory timestamps. */
function sdkDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sdkDates);
  if (typeof value !== 'object' || value === null) return value;
  const r = value as Raw;
  if (r.__class__ === 'datetime') {
    const n = (k: string) => Number(r[k] ?? 0);
    return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
  }
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sdkDates(v)]));
}

/** Every full configuration item in the corpus, with where it came from. */
const CORPUS_CIS: readonly (readonly [string, Raw])[] = [
  ...[
    'AWS_DynamoDB_Table',
    'AWS_EC2_Instance',
    'AWS_EC2_SecurityGroup',
    'AWS_EC2_VPC',
    'AWS_EC2_Volume',
    'AWS_S3_AccountPublicAccessBlock',
    'AWS_S3_Bucket',
  ].map((name) => [`aws-config-rdk/${name}.json`, corpus(`aws-config-rdk/${name}.json`)] as const),
  ['cloud-custodian/events/config__s3.json', corpus('cloud-custodian/events/config__s3.json')],
  [
    'cloud-custodian/events/cwe__sqs-discover.json detail.configurationItem',
    (corpus('cloud-custodian/events/cwe__sqs-discover.json').detail as { configurationItem: Raw }).configurationItem,
  ],
  ...[
    'cloud-custodian/events/cwe__event-config-rule-security-group.json',
    'cloud-custodian/events/cwe__event-config-rule-instance.json',
    'cloud-custodian/events/config__app-elb-config-event.json',
  ].map((path) => [`${path} invokingEvent.configurationItem`, fromInvokingEvent(path)] as const),
  ...(
    sdkDates(
      (
        corpus('cloud-custodian/placebo/test_sg_config_diff__config.GetResourceConfigHistory_1.json').data as {
          configurationItems: Raw[];
        }
      ).configurationItems,
    ) as Raw[]
  ).map((ci, i) => [`GetResourceConfigHistory configurationItems[${i}]`, ci] as const),
];

function tagCount(raw: Raw): number {
  const tags = raw.tags;
  if (Array.isArray(tags)) return tags.length;
  return typeof tags === 'object' && tags !== null ? Object.keys(tags).length : 0;
}

describe('contract: corpus configuration items normalize and keep their identity', () => {
  it('covers the 14 full CIs of the corpus', () => {
    expect(CORPUS_CIS).toHaveLength(14);
  });

  it.each(CORPUS_CIS)('%s', (_source, raw) => {
    const ci = normalizeCi(raw);
    expect(ci.resourceType).toBe(raw.resourceType);
    expect(ci.resourceId).toBe(raw.resourceId);
    expect(ci.accountId).toBe(raw.awsAccountId ?? raw.accountId);
    expect(ci.region).toBe(raw.awsRegion);
    const arn = raw.ARN ?? raw.arn;
    if (arn === undefined) {
      // AWS::S3::AccountPublicAccessBlock: the only corpus CI without an ARN.
      expect(raw.resourceType).toBe('AWS::S3::AccountPublicAccessBlock');
      expect(ci.arn).toBe(`arn:aws:s3::${ci.accountId}:account-public-access-block`);
    } else {
      expect(ci.arn).toBe(arn);
    }
    expect(ci.status).toBe(raw.configurationItemStatus);
    expect(ciKey(ci)).toBe(`${ci.accountId}|${ci.region}|${ci.resourceType}|${ci.resourceId}`);
    expect(Object.keys(ci.tags)).toHaveLength(tagCount(raw));
    for (const value of Object.values(ci.tags)) expect(typeof value).toBe('string');
    const rawRelationships = (raw.relationships ?? []) as Raw[];
    expect(ci.relationships.map((r) => [r.resourceType, r.resourceId, r.name])).toEqual(
      rawRelationships.map((r) => [r.resourceType, r.resourceId, r.name ?? r.relationshipName]),
    );
    expect(typeof ci.configuration).toBe('object');
    expect(ci.captureTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // No supplementary value is left as a JSON-encoded object string.
    for (const value of Object.values(ci.supplementaryConfiguration)) {
      if (typeof value === 'string') expect(value.trim().startsWith('{')).toBe(false);
    }
  });

  it('SelectResourceConfig rows normalize with the query context and keep their identity', () => {
    const sg = (
      corpus('cloud-custodian/placebo/test_security_group_config_source__config.SelectResourceConfig_1.json').data as {
        Results: string[];
      }
    ).Results;
    const s3 = (
      corpus('cloud-custodian/placebo/test_s3_metrics_user_dims__config.SelectResourceConfig_1.json').data as {
        Results: string[];
      }
    ).Results;
    const empty = (
      corpus('cloud-custodian/placebo/test_ecs_service_config__config.SelectResourceConfig_1.json').data as {
        Results: string[];
      }
    ).Results;
    const context = { accountId: '644160558196', region: 'us-east-1' };
    expect(
      normalizeSelectResults(sg, { ...context, resourceType: 'AWS::EC2::SecurityGroup' }).map((ci) => ciKey(ci)),
    ).toEqual(['644160558196|us-east-1|AWS::EC2::SecurityGroup|sg-6c7fa917']);
    // The row's own awsRegion wins over the context.
    expect(normalizeSelectResults(s3, { ...context, resourceType: 'AWS::S3::Bucket' }).map((ci) => ciKey(ci))).toEqual([
      '644160558196|us-east-2|AWS::S3::Bucket|c7n-ssm-build',
    ]);
    expect(normalizeSelectResults(empty)).toEqual([]);
  });
});
