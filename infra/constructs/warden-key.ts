/**
 * The Warden customer-managed KMS key (yearly automatic rotation): tables, artifacts bucket,
 * notification topic, queues and log groups are encrypted with it. Its policy lets the account's
 * IAM policies govern it (the default), and lets the AWS services that write into those encrypted
 * resources on Warden's behalf use it, each only for what it does:
 * - CloudWatch Logs, for this account's log groups (encryption context names the log group);
 * - EventBridge, to deliver to the encrypted topic and dead-letter queue;
 * - CloudWatch alarms, to publish to the encrypted topic: added by the Operations construct, which
 *   knows the alarms and scopes the statement to them (infra/constructs/operations.ts).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

interface WardenKeyProps {
  /** @default 'alias/warden' */
  readonly alias?: string;
}

class WardenKey extends Construct {
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string, props: WardenKeyProps = {}) {
    super(scope, id);
    const { partition, region, account } = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Warden: encrypts its tables, artifacts, notifications, queues and logs',
      alias: props.alias ?? 'alias/warden',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsForThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        // The actions CloudWatch Logs documents for encrypting log groups with a customer-managed key.
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDeliversToEncryptedTopicAndQueue',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
  }
}

export type { WardenKeyProps };
export { WardenKey };
