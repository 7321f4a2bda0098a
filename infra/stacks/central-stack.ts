/**
 * The central Warden stack, deployed once: tables, artifacts bucket, notification topic and the
 * sweep workflow with its daily schedule.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { activeRules } from '../../tasks/rules/settings';
import type { WardenConfig } from '../../tasks/shared/config';
import type { Mode } from '../../tasks/shared/model';
import { SweepWorkflow } from '../constructs/sweep-workflow';
import { WardenTables } from '../constructs/tables';

interface CentralStackProps extends StackProps {
  /** Rules, modes and parameters (cdk.json context `warden`). */
  readonly config: WardenConfig;
  /** External id the member roles require (cdk.json context `warden:externalId`). */
  readonly externalId: string;
  /** Ceiling on what scheduled sweeps may do. @default 'remediate' */
  readonly scheduledMode?: Mode;
}

class CentralStack extends Stack {
  public readonly tables: WardenTables;
  public readonly artifacts: s3.Bucket;
  public readonly topic: sns.Topic;
  public readonly sweep: SweepWorkflow;

  public constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id, props);
    // Validate the whole config (unknown rule ids, bad parameters) at synth, not at 6 a.m.
    activeRules(props.config);

    this.tables = new WardenTables(this, 'Tables');
    this.artifacts = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: ['inventories/', 'findings/', 'decisions/'].map((prefix) => ({
        id: `expire-${prefix.replace('/', '')}`,
        prefix,
        expiration: Duration.days(30),
        noncurrentVersionExpiration: Duration.days(1),
      })),
    });
    this.topic = new sns.Topic(this, 'Notifications', {
      displayName: 'Warden findings and remediations',
      enforceSSL: true,
    });

    this.sweep = new SweepWorkflow(this, 'Sweep', {
      tables: this.tables,
      artifacts: this.artifacts,
      topic: this.topic,
      configJson: JSON.stringify(props.config),
      externalId: props.externalId,
      ...(props.scheduledMode !== undefined ? { scheduledMode: props.scheduledMode } : {}),
    });

    new CfnOutput(this, 'SweepStateMachineArn', { value: this.sweep.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AccountsTableName', { value: this.tables.accounts.tableName });
    new CfnOutput(this, 'ExemptionsTableName', { value: this.tables.exemptions.tableName });
    new CfnOutput(this, 'LedgerTableName', { value: this.tables.ledger.tableName });
    new CfnOutput(this, 'ArtifactsBucketName', { value: this.artifacts.bucketName });
    new CfnOutput(this, 'NotificationsTopicArn', { value: this.topic.topicArn });
  }
}

export { CentralStack };
export type { CentralStackProps };
