import { describe, expect, it } from 'vitest';
import { rootSignIn } from '../../../../tasks/rules/events/root-sign-in';
import { eventFixture } from '../../../support/event-fixtures';
import { normalizedCorpus } from '../../../support/normalized-events';

const evaluate = (e: Parameters<typeof rootSignIn.evaluate>[0]) => rootSignIn.evaluate(e, {}, {});

describe('root-sign-in', () => {
  it('a successful root sign-in without MFA: CRITICAL, with the result, MFA and source IP', () => {
    expect(evaluate(eventFixture('root-sign-in-success'))).toMatchObject({
      matched: true,
      summary: 'root sign-in (Success) from 111.111.111.111',
      message: expect.stringContaining('without MFA'),
      subject: { type: 'Principal', arn: 'arn:aws:iam::123456789012:root' },
      details: { Result: 'Success', 'MFA used': 'No' },
      severity: 'CRITICAL',
    });
  });

  it('a failed root sign-in (AWS docs example) matches too, at the rule’s severity', () => {
    const r = evaluate(normalizedCorpus('awsdocs/consolelogin-root-failure.json'));
    expect(r).toMatchObject({ matched: true, summary: expect.stringMatching(/^root sign-in \(Failure\)/) });
    expect(r).not.toHaveProperty('severity');
  });

  it('an IAM user’s sign-in and API calls do not match', () => {
    expect(evaluate(normalizedCorpus('awsdocs/consolelogin-iam-user-failure.json'))).toEqual({
      matched: false,
      reason: 'root-sign-in: not a sign-in of the root user',
    });
    expect(evaluate(normalizedCorpus('awsdocs/dynamodb-createtable-cloudtrail.json'))).toEqual({
      matched: false,
      reason: 'root-sign-in: CreateTable is not a console sign-in',
    });
  });
});
