/** EventBridge pattern semantics (`tasks/shared/events/pattern.ts`), from the EventBridge User Guide's examples. */
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  compilePatterns,
  InvalidEventPatternError,
  matchesPattern,
} from '../../../../tasks/shared/events/pattern';
import { watchListPattern } from '../../../../tasks/sync-watch-list/sync-watch-list';

const apiCall = (source: string, eventName: string, detail: Record<string, unknown> = {}) => ({
  version: '0',
  'detail-type': 'AWS API Call via CloudTrail',
  source,
  account: '111111111111',
  region: 'us-east-1',
  time: '2026-11-21T10:00:00Z',
  resources: [],
  detail: { eventSource: `${source.slice(4)}.amazonaws.com`, eventName, ...detail },
});

describe('matchesPattern: the forms the trigger rules use', () => {
  const s3Calls = {
    source: ['aws.s3'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventName: ['DeleteBucketEncryption', 'PutBucketPolicy'] },
  };

  it('matches every field (AND) and any value of a field (OR)', () => {
    expect(matchesPattern(apiCall('aws.s3', 'PutBucketPolicy'), s3Calls)).toBe(true);
    expect(matchesPattern(apiCall('aws.s3', 'DeleteBucketEncryption'), s3Calls)).toBe(true);
    expect(matchesPattern(apiCall('aws.s3', 'GetBucketPolicy'), s3Calls)).toBe(false);
    expect(matchesPattern(apiCall('aws.ec2', 'PutBucketPolicy'), s3Calls)).toBe(false);
    expect(matchesPattern({ ...apiCall('aws.s3', 'PutBucketPolicy'), 'detail-type': 'Other' }, s3Calls)).toBe(false);
  });

  it('does not match an event that lacks a field the pattern names', () => {
    const { detail: _detail, ...noDetail } = apiCall('aws.s3', 'PutBucketPolicy');
    expect(matchesPattern(noDetail, s3Calls)).toBe(false);
    expect(matchesPattern({ ...apiCall('aws.s3', 'x'), detail: 'PutBucketPolicy' }, s3Calls)).toBe(false);
  });

  it('$or: any alternative (the Config-change rule)', () => {
    const pattern = {
      source: ['aws.config'],
      detail: {
        $or: [
          { configurationItem: { resourceType: ['AWS::S3::Bucket'] } },
          { configurationItemSummary: { resourceType: ['AWS::S3::Bucket'] } },
        ],
      },
    };
    expect(
      matchesPattern(
        { source: 'aws.config', detail: { configurationItem: { resourceType: 'AWS::S3::Bucket' } } },
        pattern,
      ),
    ).toBe(true);
    expect(
      matchesPattern(
        { source: 'aws.config', detail: { configurationItemSummary: { resourceType: 'AWS::S3::Bucket' } } },
        pattern,
      ),
    ).toBe(true);
    expect(
      matchesPattern(
        { source: 'aws.config', detail: { configurationItem: { resourceType: 'AWS::EC2::VPC' } } },
        pattern,
      ),
    ).toBe(false);
  });

  it('the watch list pattern: one clause per source, a * entry watches every call of it', () => {
    const pattern = watchListPattern([
      { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' },
      { eventSource: 'kms.amazonaws.com', eventName: '*' },
    ]);
    const iam = (eventName: string) => ({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.iam',
      detail: { eventSource: 'iam.amazonaws.com', eventName },
    });
    expect(matchesPattern(iam('CreateUser'), pattern)).toBe(true);
    expect(matchesPattern(iam('DeleteUser'), pattern)).toBe(false);
    expect(
      matchesPattern(
        {
          'detail-type': 'AWS API Call via CloudTrail',
          detail: { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt' },
        },
        pattern,
      ),
    ).toBe(true);
    // The empty list's placeholder matches no CloudTrail event.
    expect(matchesPattern(iam('CreateUser'), watchListPattern([]))).toBe(false);
  });
});

describe('matchesPattern: the other operators', () => {
  it('exact values are typed: "5" is not 5; null matches null', () => {
    expect(matchesPattern({ a: 5 }, { a: [5] })).toBe(true);
    expect(matchesPattern({ a: '5' }, { a: [5] })).toBe(false);
    expect(matchesPattern({ a: null }, { a: [null] })).toBe(true);
    expect(matchesPattern({}, { a: [null] })).toBe(false);
    expect(matchesPattern({ a: false }, { a: [false] })).toBe(true);
  });

  it('an array in the event matches when any element does', () => {
    expect(matchesPattern({ resources: ['arn:x', 'arn:y'] }, { resources: ['arn:y'] })).toBe(true);
    expect(matchesPattern({ items: [{ port: 22 }, { port: 80 }] }, { items: { port: [80] } })).toBe(true);
    expect(matchesPattern({ items: [{ port: 22 }] }, { items: { port: [80] } })).toBe(false);
  });

  it('prefix, suffix, equals-ignore-case, wildcard', () => {
    expect(matchesPattern({ r: 'us-east-1' }, { r: [{ prefix: 'us-' }] })).toBe(true);
    expect(matchesPattern({ r: 'eu-west-1' }, { r: [{ prefix: 'us-' }] })).toBe(false);
    expect(matchesPattern({ r: 'US-east-1' }, { r: [{ prefix: { 'equals-ignore-case': 'us-' } }] })).toBe(true);
    expect(matchesPattern({ f: 'a.png' }, { f: [{ suffix: '.png' }] })).toBe(true);
    expect(matchesPattern({ f: 'a.PNG' }, { f: [{ suffix: { 'equals-ignore-case': '.png' } }] })).toBe(true);
    expect(matchesPattern({ n: 'Alice' }, { n: [{ 'equals-ignore-case': 'alice' }] })).toBe(true);
    expect(matchesPattern({ k: 'dir/a/b.json' }, { k: [{ wildcard: 'dir/*.json' }] })).toBe(true);
    expect(matchesPattern({ k: 'dir/a/b.txt' }, { k: [{ wildcard: 'dir/*.json' }] })).toBe(false);
    expect(matchesPattern({ k: 'a*b' }, { k: [{ wildcard: 'a\\*b' }] })).toBe(true);
    expect(matchesPattern({ k: 'axb' }, { k: [{ wildcard: 'a\\*b' }] })).toBe(false);
    // Operators on strings never match numbers.
    expect(matchesPattern({ r: 1 }, { r: [{ prefix: '1' }] })).toBe(false);
  });

  it('anything-but: a value, a list, a prefix; never an absent field', () => {
    expect(matchesPattern({ s: 'running' }, { s: [{ 'anything-but': 'stopped' }] })).toBe(true);
    expect(matchesPattern({ s: 'stopped' }, { s: [{ 'anything-but': 'stopped' }] })).toBe(false);
    expect(matchesPattern({ s: 'pending' }, { s: [{ 'anything-but': ['stopped', 'pending'] }] })).toBe(false);
    expect(matchesPattern({ s: 'init' }, { s: [{ 'anything-but': { prefix: 'in' } }] })).toBe(false);
    expect(matchesPattern({ s: 'done' }, { s: [{ 'anything-but': { prefix: 'in' } }] })).toBe(true);
    expect(matchesPattern({}, { s: [{ 'anything-but': 'stopped' }] })).toBe(false);
  });

  it('exists: true matches any present value, false only an absent field', () => {
    expect(
      matchesPattern({ detail: { errorCode: 'AccessDenied' } }, { detail: { errorCode: [{ exists: true }] } }),
    ).toBe(true);
    expect(matchesPattern({ detail: {} }, { detail: { errorCode: [{ exists: true }] } })).toBe(false);
    expect(matchesPattern({ detail: {} }, { detail: { errorCode: [{ exists: false }] } })).toBe(true);
    expect(matchesPattern({ detail: { errorCode: 'x' } }, { detail: { errorCode: [{ exists: false }] } })).toBe(false);
  });

  it('numeric ranges and cidr blocks', () => {
    const range = { n: [{ numeric: ['>', 0, '<=', 5] }] };
    expect(matchesPattern({ n: 5 }, range)).toBe(true);
    expect(matchesPattern({ n: 0 }, range)).toBe(false);
    expect(matchesPattern({ n: '3' }, range)).toBe(false);
    expect(matchesPattern({ ip: '10.0.1.9' }, { ip: [{ cidr: '10.0.0.0/16' }] })).toBe(true);
    expect(matchesPattern({ ip: '10.1.0.1' }, { ip: [{ cidr: '10.0.0.0/16' }] })).toBe(false);
    expect(matchesPattern({ ip: '2001:db8::1' }, { ip: [{ cidr: '2001:db8::/32' }] })).toBe(true);
    expect(matchesPattern({ ip: '10.0.0.1' }, { ip: [{ cidr: '2001:db8::/32' }] })).toBe(false);
  });
});

describe('compilePattern / compilePatterns', () => {
  it('refuses what it cannot read, naming where', () => {
    expect(() => compilePattern({ a: [{ regex: '.*' }] })).toThrow(InvalidEventPatternError);
    expect(() => compilePattern({ a: [{ regex: '.*' }] })).toThrow('a: unknown operator "regex"');
    expect(() => compilePattern({ a: 'x' })).toThrow('takes an array or an object');
    expect(() => compilePattern({ a: [] })).toThrow('matches nothing');
    expect(() => compilePattern('{not json')).toThrow('not JSON');
    expect(() => compilePatterns({ Broken: { detail: { $or: [{ a: ['x'] }] } } })).toThrow('rule Broken: detail.$or');
  });

  it('reads the JSON text DescribeRule returns and names the rules an event starts', () => {
    const set = compilePatterns({
      S3ApiCalls: JSON.stringify({ source: ['aws.s3'], detail: { eventName: ['PutBucketPolicy'] } }),
      AnyApiCall: { 'detail-type': ['AWS API Call via CloudTrail'] },
    });
    expect(set.names).toEqual(['S3ApiCalls', 'AnyApiCall']);
    expect(set.matching(apiCall('aws.s3', 'PutBucketPolicy'))).toEqual(['S3ApiCalls', 'AnyApiCall']);
    expect(set.matching(apiCall('aws.ec2', 'DescribeInstances'))).toEqual(['AnyApiCall']);
    expect(set.matching({ source: 'aws.signin' })).toEqual([]);
  });
});
