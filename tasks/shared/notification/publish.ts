/** SNS Publish of one notification, with its attributes as String message attributes. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from '../model';

/** Publishes one notification; resolves to the message id. */
type Publisher = (notification: Notification) => Promise<{ messageId: string }>;

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

export type { Publisher };
export { snsPublisher };
