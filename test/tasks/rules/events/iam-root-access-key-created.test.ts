import { describe, expect, it } from 'vitest';
import { iamRootAccessKeyCreated } from '../../../../tasks/rules/events/iam-root-access-key-created';
import { eventFixture } from '../../../support/event-fixtures';

const evaluate = (e: Parameters<typeof iamRootAccessKeyCreated.evaluate>[0]) =>
  iamRootAccessKeyCreated.evaluate(e, {}, {});

describe('iam-root-access-key-created', () => {
  it('root creating a key for itself (no userName): CRITICAL, naming the key; the subject is the root user', () => {
    expect(evaluate(eventFixture('root-access-key-created'))).toMatchObject({
      matched: true,
      summary: 'created root access key 1111 by root',
      subject: { type: 'Principal', arn: 'arn:aws:iam::123456789012:root' },
      details: { 'Access key': '1111', 'Source IP': '111.111.111.111' },
    });
    expect(iamRootAccessKeyCreated.severity).toBe('CRITICAL');
  });

  it('root creating a key for an IAM user, and an IAM user creating a key, do not match', () => {
    expect(
      evaluate(eventFixture('root-access-key-created', { requestParameters: { userName: 'example-user' } })),
    ).toEqual({
      matched: false,
      reason: 'iam-root-access-key-created: the root user created an access key for IAM user example-user',
    });
    const byUser = eventFixture('root-access-key-created', {
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAOC1SYDVN0AF0FMMR',
        arn: 'arn:aws:iam::123456789012:user/christophe',
        accountId: '123456789012',
        userName: 'christophe',
      },
    });
    expect(evaluate(byUser)).toEqual({
      matched: false,
      reason: 'iam-root-access-key-created: the access key was not created by the root user',
    });
  });
});
