import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { snsPublisher } from '../../../../tasks/shared/notification/publish';

describe('snsPublisher', () => {
  it('publishes subject, message and String message attributes to the topic', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'mid-1' });
    const publish = snsPublisher(new SNSClient({ region: 'us-east-1' }), 'arn:aws:sns:us-east-1:1:t');
    expect(await publish({ subject: 'S', message: 'M', attributes: { severity: 'HIGH', ruleId: 'r' } })).toEqual({
      messageId: 'mid-1',
    });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: 'arn:aws:sns:us-east-1:1:t',
      Subject: 'S',
      Message: 'M',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'HIGH' },
        ruleId: { DataType: 'String', StringValue: 'r' },
      },
    });
  });
});
