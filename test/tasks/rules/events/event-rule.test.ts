/** The principal an event rule names (exemptions match its ARN), for every CloudTrail userIdentity type. */
import { describe, expect, it } from 'vitest';
import { principalSubject } from '../../../../tasks/rules/events/event-rule';
import { normalizedCorpus } from '../../../support/normalized-events';

/** A failed console sign-in in 111122223333 (us-east-1) by this userIdentity. */
const signInBy = (userIdentity: unknown) =>
  normalizedCorpus('awsdocs/consolelogin-iam-user-failure.json', { userIdentity });

describe('principalSubject', () => {
  it.each([
    [
      'an IAM user with its ARN (path kept)',
      {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111122223333:user/ops/anaya',
        accountId: '111122223333',
        userName: 'anaya',
      },
      'arn:aws:iam::111122223333:user/ops/anaya',
    ],
    [
      'an IAM user without an ARN (failed sign-ins): from the account and userName',
      { type: 'IAMUser', principalId: 'AIDAEXAMPLE', accountId: '111122223333', userName: 'anaya' },
      'arn:aws:iam::111122223333:user/anaya',
    ],
    [
      'the root user without an ARN',
      { type: 'Root', principalId: '111122223333', accountId: '111122223333' },
      'arn:aws:iam::111122223333:root',
    ],
    [
      'an assumed role: the role the session was issued for',
      {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane',
        accountId: '111122223333',
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/Admin', userName: 'Admin' },
        },
      },
      'arn:aws:iam::111122223333:role/Admin',
    ],
    [
      'an assumed role without its issuer: the session ARN',
      { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane', accountId: '111122223333' },
      'arn:aws:sts::111122223333:assumed-role/Admin/jane',
    ],
    [
      'a federated user without an ARN: from the principal id (account:name)',
      { type: 'FederatedUser', principalId: '111122223333:bob', accountId: '111122223333' },
      'arn:aws:sts::111122223333:federated-user/bob',
    ],
    [
      'an unnamed IAM user: not the root',
      { type: 'IAMUser', principalId: 'AIDAEXAMPLE', accountId: '111122223333' },
      'arn:aws:iam::111122223333:unknown-principal/AIDAEXAMPLE',
    ],
    ['no userIdentity at all: not the root', null, 'arn:aws:iam::111122223333:unknown-principal/unknown'],
  ])('%s', (_what, userIdentity, arn) => {
    expect(principalSubject(signInBy(userIdentity)).arn).toBe(arn);
  });
});
