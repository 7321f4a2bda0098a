import { describe, expect, it } from 'vitest';
import { consoleLoginFailure } from '../../../../tasks/rules/events/console-login-failure';
import { readCorpusJson } from '../../../support/corpus-events';
import { normalized, normalizedCorpus } from '../../../support/normalized-events';

const defaults = consoleLoginFailure.parameters.parse({});
const evaluate = (event: ReturnType<typeof normalized>, params = defaults) =>
  consoleLoginFailure.evaluate(event, params, {});

describe('console-login-failure', () => {
  it('a failed IAM user sign-in (no errorCode, ConsoleLogin Failure) matches, with user, IP and MFA', () => {
    const r = evaluate(normalizedCorpus('awsdocs/consolelogin-iam-user-failure.json'));
    expect(r).toMatchObject({
      matched: true,
      summary: 'failed sign-in of anaya from 192.0.2.0',
      // The record has no userIdentity.arn: the user's ARN is built from the account and userName.
      subject: { type: 'Principal', id: 'IAM user anaya', arn: 'arn:aws:iam::111122223333:user/anaya' },
      dedupeKey: 'failure/arn:aws:iam::111122223333:user/anaya/192.0.2.0',
      details: { Result: 'Failure', 'MFA used': 'Yes', Who: 'IAM user anaya', 'Source IP': '192.0.2.0' },
    });
    expect(r.matched && r.severity).toBeUndefined();
  });

  it('a failed root sign-in is HIGH', () => {
    const r = evaluate(normalizedCorpus('awsdocs/consolelogin-root-failure.json'));
    expect(r.matched && [r.severity, r.summary]).toEqual(['HIGH', 'failed sign-in of root from 192.0.2.0']);
    expect(r.matched && [r.subject.arn, r.dedupeKey]).toEqual([
      'arn:aws:iam::111122223333:root',
      'failure/arn:aws:iam::111122223333:root/192.0.2.0',
    ]);
  });

  it('password spraying from one address: one finding per user, each naming that user, none the root', () => {
    const users = ['alice', 'bob', 'carol'];
    const results = users.map((userName) =>
      evaluate(
        normalizedCorpus('awsdocs/consolelogin-iam-user-failure.json', {
          userIdentity: {
            type: 'IAMUser',
            principalId: `AIDA${userName.toUpperCase()}`,
            accountId: '111122223333',
            accessKeyId: '',
            userName,
          },
        }),
      ),
    );
    expect(results.map((r) => r.matched && [r.subject.arn, r.dedupeKey, r.summary])).toEqual(
      users.map((u) => [
        `arn:aws:iam::111122223333:user/${u}`,
        `failure/arn:aws:iam::111122223333:user/${u}/192.0.2.0`,
        `failed sign-in of ${u} from 192.0.2.0`,
      ]),
    );
    // The stripped corpus record (no accountId, no arn in userIdentity) too: the recipient's account.
    const minimal = evaluate(
      normalizedCorpus('panther-analysis/aws_cloudtrail_password_spraying__failed-console-login.json'),
    );
    expect(minimal.matched && minimal.subject.arn).toBe('arn:aws:iam::111122223333:user/alice');
  });

  it('a user name CloudTrail hides (HIDDEN_DUE_TO_SECURITY_REASONS: no such user) is neither root nor a real user', () => {
    const r = evaluate(
      normalizedCorpus('awsdocs/consolelogin-iam-user-failure.json', {
        userIdentity: {
          type: 'IAMUser',
          accountId: '111122223333',
          accessKeyId: '',
          userName: 'HIDDEN_DUE_TO_SECURITY_REASONS',
        },
      }),
    );
    expect(r.matched && [r.subject.id, r.subject.arn, r.summary]).toEqual([
      'IAM user name not recorded (HIDDEN_DUE_TO_SECURITY_REASONS: the name entered is not a user of the account)',
      'arn:aws:iam::111122223333:user/HIDDEN_DUE_TO_SECURITY_REASONS',
      'failed sign-in of an unknown user name from 192.0.2.0',
    ]);
    expect(r.matched && r.subject.arn).not.toMatch(/:root$/);
  });

  it('a sign-in without MFA matches (HIGH), unless turned off', () => {
    const [record] = (readCorpusJson('awsdocs/consolelogin-iam-user-success-no-mfa.json') as { Records: unknown[] })
      .Records;
    const event = normalized({ eventType: 'AwsConsoleSignIn', ...(record as object) });
    const r = evaluate(event);
    expect(r.matched && [r.severity, r.summary]).toEqual(['HIGH', 'sign-in without MFA of anaya from 192.0.2.0']);
    expect(evaluate(event, { ...defaults, notifyWithoutMfa: false })).toEqual({
      matched: false,
      reason: 'console-login-failure: a sign-in without MFA, not flagged (notifyWithoutMfa: false)',
    });
  });

  it('a federated (Identity Center) sign-in without MFA is not flagged by default: the IdP does MFA', () => {
    const event = normalizedCorpus('panther-analysis/aws_console_login_without_mfa__aws-ssov2-login.json', {
      recipientAccountId: '123456789012',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane',
        accountId: '123456789012',
      },
    });
    expect(evaluate(event)).toEqual({
      matched: false,
      reason: 'console-login-failure: a federated sign-in; MFA is enforced by the identity provider',
    });
    expect(evaluate(event, { ...defaults, includeFederatedWithoutMfa: true }).matched).toBe(true);
  });

  it('other events do not match', () => {
    const r = evaluate(normalizedCorpus('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'));
    expect(r).toEqual({ matched: false, reason: 'console-login-failure: CreateVpc is not a console sign-in' });
  });
});
