/**
 * The exemptions' audit trail (issue 5): DynamoDB Streams on `Exemptions` (new and old images) →
 * the `exemption-audit` task → one ledger record per create, update and delete. Records it cannot
 * write are retried from the first failure (ReportBatchItemFailures) and, after the retries, their
 * stream positions go to the dead-letter queue, so a lost audit record is visible, never silent.
 * The task's own grants come from its manifest; the stream read and the dead-letter sends belong
 * to the trigger and are granted here.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { exemptionAuditTask } from '../../tasks/exemption-audit/task';
import { grantKey } from '../grants';
import { tableMap, type WardenTables } from './tables';
import { TaskFunction } from './task-function';

interface ExemptionAuditProps {
  readonly tables: WardenTables;
  /** Where the stream positions of records that could not be written go. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The tables' customer-managed key (stream records are encrypted with it). @default none */
  readonly encryptionKey?: kms.IKey;
}

class ExemptionAudit extends Construct {
  public readonly function: TaskFunction;

  public constructor(scope: Construct, id: string, props: ExemptionAuditProps) {
    super(scope, id);
    const { tables, encryptionKey: key } = props;
    this.function = new TaskFunction(this, 'Function', {
      manifest: exemptionAuditTask,
      resources: { tables: tableMap(tables), ...(key !== undefined ? { encryptionKey: key } : {}) },
      timeout: Duration.minutes(1),
      memorySize: 256,
    });
    this.function.addEventSource(
      new eventSources.DynamoEventSource(tables.exemptions, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        retryAttempts: 10,
        // Not SqsDlq: its grant on the encrypted queue adds kms:GenerateDataKey*/ReEncrypt*.
        onFailure: { bind: () => ({ destination: props.deadLetterQueue.queueArn }) },
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }),
    );
    if (key !== undefined) grantKey(this.function, key, ['kms:GenerateDataKey']);
  }
}

export type { ExemptionAuditProps };
export { ExemptionAudit };
