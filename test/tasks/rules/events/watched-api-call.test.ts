import { describe, expect, it } from 'vitest';
import { watchedApiCall } from '../../../../tasks/rules/events/watched-api-call';
import { normalizedCorpus } from '../../../support/normalized-events';

const event = () =>
  normalizedCorpus('panther-analysis/aws_sts_getcalleridentity_trufflehog__normal-getcalleridentity.json');

describe('watched-api-call', () => {
  it('matches with the severity and note of the watch-list entry', () => {
    const r = watchedApiCall.evaluate(
      event(),
      {},
      {
        watch: {
          eventSource: 'sts.amazonaws.com',
          eventName: 'GetCallerIdentity',
          severity: 'LOW',
          note: 'trufflehog',
        },
      },
    );
    expect(r).toMatchObject({
      matched: true,
      severity: 'LOW',
      summary: 'GetCallerIdentity by IAM user admin-user',
      details: { Call: 'sts.amazonaws.com GetCallerIdentity', Note: 'trufflehog' },
    });
  });

  it('does not match a call that is not on the list', () => {
    expect(watchedApiCall.evaluate(event(), {}, {})).toEqual({
      matched: false,
      reason: 'watched-api-call: sts.amazonaws.com GetCallerIdentity is not on the watch list',
    });
  });
});
