import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  coversAction,
  isPublicStatement,
  PolicyDocumentError,
  type PolicyStatement,
  parsePolicy,
} from '../../../tasks/rules/policy-document';

const PUBLIC_READ = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  ],
};

describe('parsePolicy', () => {
  it('reads an object, JSON text and URL-encoded JSON (IAM policy versions) alike', () => {
    const text = JSON.stringify(PUBLIC_READ);
    for (const document of [PUBLIC_READ, text, encodeURIComponent(text)]) {
      expect(parsePolicy(document)).toEqual([
        {
          sid: 'PublicRead',
          effect: 'Allow',
          actions: ['s3:GetObject'],
          notAction: false,
          resources: ['arn:aws:s3:::b/*'],
          principals: '*',
          principalKind: 'principal',
          condition: {},
        },
      ]);
    }
  });

  it('a single statement object, list or string values, no Principal (identity policy)', () => {
    const [statement] = parsePolicy({ Statement: { Effect: 'Allow', Action: ['*'], Resource: '*' } });
    expect(statement).toMatchObject({ actions: ['*'], principalKind: 'none', principals: [] });
  });

  it('refuses what is not a policy', () => {
    expect(() => parsePolicy('not json')).toThrow(PolicyDocumentError);
    expect(() => parsePolicy({ Statement: [{ Action: '*' }] })).toThrow(/statement 0 has no Effect/);
  });
});

describe('isPublicStatement', () => {
  const statement = (extra: Record<string, unknown>): PolicyStatement =>
    parsePolicy({
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra }],
    })[0] as PolicyStatement;

  it('"*" and {"AWS": "*"} (or a list holding it) are everyone', () => {
    expect(isPublicStatement(statement({ Principal: '*' }))).toBe(true);
    expect(isPublicStatement(statement({ Principal: { AWS: '*' } }))).toBe(true);
    expect(isPublicStatement(statement({ Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }))).toBe(true);
  });

  it('an account, a service, Deny and NotPrincipal are not public', () => {
    expect(isPublicStatement(statement({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toBe(false);
    expect(isPublicStatement(statement({ Principal: { Service: 'logging.s3.amazonaws.com' } }))).toBe(false);
    expect(isPublicStatement({ ...statement({ Principal: '*' }), effect: 'Deny' })).toBe(false);
    expect(isPublicStatement(statement({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toBe(false);
  });

  it('a condition pinning the caller makes it private; a negated one, an open source IP or an unknown key does not', () => {
    const pinned = { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } };
    expect(isPublicStatement(statement(pinned))).toBe(false);
    const source = { Principal: '*', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' } } };
    expect(isPublicStatement(statement(source))).toBe(false);
    const negated = { Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } };
    expect(isPublicStatement(statement(negated))).toBe(true);
    const anyIp = { Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } };
    expect(isPublicStatement(statement(anyIp))).toBe(true);
    const unknown = { Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    expect(isPublicStatement(statement(unknown))).toBe(true);
  });
});

describe('actions', () => {
  it('match case-insensitively with * and ? wildcards', () => {
    expect(actionMatches('s3:*', 's3:PutObject')).toBe(true);
    expect(actionMatches('S3:put*', 's3:PutObject')).toBe(true);
    expect(actionMatches('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(actionMatches('s3:Get*', 's3:PutObject')).toBe(false);
    expect(actionMatches('*', 'iam:CreateUser')).toBe(true);
  });

  it('NotAction covers every action it does not list', () => {
    const statement = parsePolicy({
      Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
    })[0] as PolicyStatement;
    expect(coversAction(statement as never, 's3:PutObject')).toBe(true);
    expect(coversAction(statement as never, 'iam:CreateUser')).toBe(false);
  });
});
