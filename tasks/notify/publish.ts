/** SNS Publish of one notification, with its attributes as String message attributes. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from '../shared/model';
import type { Publisher } from './notify';

function snsPublisher(sns: SNSClient, topicArn: string): Publisher {
  return async (notification: Notification) => {
    const out = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: notification.subject,
        Message: notification.message,
        MessageAttributes: Object.fromEntries(
          Object.entries(notification.attributes).map(([name, value]) => [
            name,
            { DataType: 'String', StringValue: value },
          ]),
        ),
      }),
    );
    return { messageId: out.MessageId ?? '' };
  };
}

export { snsPublisher };
