import { describe, expect, it } from 'vitest';
import { ssmParameterChange } from '../../../../tasks/rules/events/ssm-parameter-change';
import { readCorpusJson } from '../../../support/corpus-events';
import { normalized } from '../../../support/normalized-events';

const defaults = ssmParameterChange.parameters.parse({});

describe('ssm-parameter-change', () => {
  it('a Parameter Store Change: what changed, and that the event does not say who', () => {
    const r = ssmParameterChange.evaluate(
      normalized(readCorpusJson('awsdocs/parameter-store-change-delete.json')),
      defaults,
      {},
    );
    expect(r).toMatchObject({
      matched: true,
      summary: 'parameter MyExampleParameter: Delete',
      subject: { type: 'AWS::SSM::Parameter', arn: 'arn:aws:ssm:us-east-2:123456789012:parameter/MyExampleParameter' },
      details: {
        Parameter: 'MyExampleParameter',
        Operation: 'Delete',
        Type: 'String',
        Description: 'Sample Parameter',
      },
    });
    expect(r.matched && r.message).toContain('do not record who made the change');
  });

  it('CloudTrail writes name the caller when turned on (and not by default)', () => {
    const event = normalized({
      eventSource: 'ssm.amazonaws.com',
      eventName: 'PutParameter',
      awsRegion: 'eu-west-1',
      recipientAccountId: '111111111111',
      eventID: 'e1',
      userIdentity: { type: 'IAMUser', userName: 'ops', arn: 'arn:aws:iam::111111111111:user/ops' },
      requestParameters: { name: '/app/db-url', type: 'SecureString', overwrite: true },
      responseElements: { version: 7, tier: 'Standard' },
    });
    expect(ssmParameterChange.evaluate(event, defaults, {}).matched).toBe(false);
    const r = ssmParameterChange.evaluate(event, { ...defaults, cloudTrailWrites: true }, {});
    expect(r).toMatchObject({
      matched: true,
      summary: 'parameter /app/db-url: PutParameter by IAM user ops',
      subject: { arn: 'arn:aws:ssm:eu-west-1:111111111111:parameter/app/db-url' },
      details: { Version: '7', Who: 'IAM user ops' },
    });
  });
});
