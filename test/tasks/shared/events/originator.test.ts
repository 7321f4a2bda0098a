/** The real originator behind a CloudTrail userIdentity. */
import { describe, expect, it } from 'vitest';
import { originatorOf } from '../../../../tasks/shared/events/originator';
import { readCorpusJson } from '../../../support/corpus-events';

const identity = (file: string) => (readCorpusJson(file) as { userIdentity: unknown }).userIdentity;

describe('originatorOf', () => {
  it('an assumed role: the session issuer role and the session name, not the assumed-role ARN', () => {
    expect(originatorOf(identity('awsdocs/dynamodb-createtable-cloudtrail.json'))).toMatchObject({
      type: 'AssumedRole',
      issuerName: 'bob',
      sessionName: 'bob',
      display: 'role bob (session bob)',
    });
  });

  it('the source identity and the Identity Center user when recorded', () => {
    const o = originatorOf({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111111111111:assumed-role/Deployer/ci-1234',
      principalId: 'AROAEXAMPLE:ci-1234',
      sessionContext: {
        sourceIdentity: 'alice@example.com',
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111111111111:role/Deployer', userName: 'Deployer' },
        attributes: { mfaAuthenticated: 'true' },
      },
      onBehalfOf: { userId: 'u-123', identityStoreArn: 'arn:aws:identitystore::111111111111:identitystore/d-1' },
    });
    expect(o).toMatchObject({
      issuerArn: 'arn:aws:iam::111111111111:role/Deployer',
      sessionName: 'ci-1234',
      sourceIdentity: 'alice@example.com',
      onBehalfOf: { userId: 'u-123', identityStoreArn: 'arn:aws:identitystore::111111111111:identitystore/d-1' },
      mfaAuthenticated: true,
      display:
        'role Deployer (session ci-1234), source identity alice@example.com, on behalf of Identity Center user u-123',
    });
  });

  it('an Identity Center permission-set role shows the user and the permission set', () => {
    const o = originatorOf({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane@example.com',
      sessionContext: { sessionIssuer: { userName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef' } },
    });
    expect(o?.display).toBe('Identity Center user jane@example.com (permission set AdministratorAccess)');
  });

  it('an assumed-role ARN without a session falls back to the principal id', () => {
    const o = originatorOf(identity('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'));
    expect([o?.issuerName, o?.sessionName]).toEqual(['tester', 'tester']);
  });

  it.each([
    [{ type: 'Root', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root' }, 'root user of 111122223333'],
    [{ type: 'IAMUser', userName: 'anaya' }, 'IAM user anaya'],
    [{ type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' }, 'AWS service autoscaling.amazonaws.com'],
    [{ type: 'AWSAccount', accountId: '999999999999' }, 'account 999999999999'],
    [
      { type: 'Root', accountId: '1', invokedBy: 'autoscaling.amazonaws.com' },
      'root user of 1, via autoscaling.amazonaws.com',
    ],
  ])('%j → %s', (raw, display) => {
    expect(originatorOf(raw)?.display).toBe(display);
  });

  it('a federated user names the token and the IAM user it was issued to', () => {
    const records = readCorpusJson('stratus-red-team/aws.persistence.sts-federation-token.json') as {
      userIdentity: unknown;
    }[];
    const federated = records.map((r) => originatorOf(r.userIdentity)).find((o) => o?.type === 'FederatedUser');
    expect(federated?.display).toBe(
      'federated user stratus_red_team (token issued to IAM user stratus-red-team-user-federation-user)',
    );
  });

  it('no userIdentity, no originator', () => {
    expect(originatorOf(undefined)).toBeUndefined();
    expect(originatorOf('x')).toBeUndefined();
  });
});
