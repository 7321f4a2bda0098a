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
      subject: { type: 'Principal', id: 'IAM user anaya', arn: 'arn:aws:iam::111122223333:root' },
      dedupeKey: 'failure/arn:aws:iam::111122223333:root/192.0.2.0',
      details: { Result: 'Failure', 'MFA used': 'Yes', Who: 'IAM user anaya', 'Source IP': '192.0.2.0' },
    });
    expect(r.matched && r.severity).toBeUndefined();
  });

  it('a failed root sign-in is HIGH', () => {
    const r = evaluate(normalizedCorpus('awsdocs/consolelogin-root-failure.json'));
    expect(r.matched && [r.severity, r.summary]).toEqual(['HIGH', 'failed sign-in of root from 192.0.2.0']);
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
