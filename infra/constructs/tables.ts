/**
 * Warden's DynamoDB tables. Keys follow the lookups the tasks do:
 * - `Accounts`: `accountId` — the registry, scanned once per sweep.
 * - `Exemptions`: `accountId` + `exemptionId` — `Check exemptions` queries one account's partition
 *   and the `*` partition, once per account per sweep; GSI `byExpiry` (`accountId` + `expiresAt`) —
 *   an account's exemptions by expiry, for reminders (`expiresAt BETWEEN :now AND :inAWeek`); TTL
 *   on `purgeAt` removes items some weeks after they expire (an expired item never matches,
 *   whatever TTL has done); a stream of new and old images feeds the audit trail in the ledger.
 * - `Ledger`: `findingId` + `at` — one resource-and-rule's history of decisions and remediations
 *   (the loop breaker counts there); GSI `byExecution` (`executionName` + `at`) — one sweep's records
 *   (the report's drift receipts, `warden drift`).
 * - `Idempotency`: `id` — Powertools idempotency records of `Remediate` (one per remediation),
 *   removed by TTL on `expiration`.
 * - `BlastRadius`: `id` (the execution ARN) — the per-sweep blast-radius counter `Remediate`
 *   reserves its slots on (tasks/shared/blast-radius.ts), removed by TTL on `expiresAt`.
 * Every table: on-demand, point-in-time recovery, deletion protection, retained on stack deletion,
 * and encrypted with the Warden customer-managed key when one is given.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { LEDGER_BY_EXECUTION } from '../../tasks/shared/ledger';

/** ISO-8601 UTC strings sort in time order, so a string sort key serves range queries on expiry. */
const EXEMPTIONS_BY_EXPIRY = 'byExpiry';

interface WardenTablesProps {
  /** Customer-managed key for every table. @default DynamoDB's AWS owned key */
  readonly encryptionKey?: kms.IKey;
}

class WardenTables extends Construct {
  public readonly accounts: dynamodb.TableV2;
  public readonly exemptions: dynamodb.TableV2;
  public readonly ledger: dynamodb.TableV2;
  public readonly idempotency: dynamodb.TableV2;
  public readonly blastRadius: dynamodb.TableV2;

  public constructor(scope: Construct, id: string, props: WardenTablesProps = {}) {
    super(scope, id);
    const common = {
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    } as const;
    this.accounts = new dynamodb.TableV2(this, 'Accounts', {
      ...common,
      partitionKey: { name: 'accountId', type: dynamodb.AttributeType.STRING },
    });
    this.exemptions = new dynamodb.TableV2(this, 'Exemptions', {
      ...common,
      partitionKey: { name: 'accountId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'exemptionId', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'purgeAt',
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      globalSecondaryIndexes: [
        {
          indexName: EXEMPTIONS_BY_EXPIRY,
          partitionKey: { name: 'accountId', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'expiresAt', type: dynamodb.AttributeType.STRING },
        },
      ],
    });
    this.ledger = new dynamodb.TableV2(this, 'Ledger', {
      ...common,
      partitionKey: { name: 'findingId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'at', type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: LEDGER_BY_EXECUTION,
          partitionKey: { name: 'executionName', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'at', type: dynamodb.AttributeType.STRING },
        },
      ],
    });
    this.idempotency = new dynamodb.TableV2(this, 'Idempotency', {
      ...common,
      // Only a week of retry protection lives here: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
    });
    this.blastRadius = new dynamodb.TableV2(this, 'BlastRadius', {
      ...common,
      // One counter item per execution, for a week: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
    });
    if (props.encryptionKey !== undefined) {
      for (const table of [this.accounts, this.exemptions, this.ledger, this.idempotency, this.blastRadius]) {
        encryptWith(table, props.encryptionKey);
      }
    }
  }
}

/**
 * Customer-managed-key encryption of a single-region TableV2. `TableEncryptionV2.customerManagedKey`
 * needs the stack's region at synth time (it maps keys to replica regions), and Warden's stacks are
 * region-agnostic, so the two properties it would render are set directly: KMS at table level, the
 * key on the table's only replica (the stack's region).
 */
function encryptWith(table: dynamodb.TableV2, key: kms.IKey): void {
  const cfn = table.node.defaultChild as dynamodb.CfnGlobalTable;
  cfn.addPropertyOverride('SSESpecification', { SSEEnabled: true, SSEType: 'KMS' });
  cfn.addPropertyOverride('Replicas.0.SSESpecification', { KMSMasterKeyId: key.keyArn });
}

/** The tables by the names task manifests use (tasks/shared/task-manifest.ts `TableName`). */
function tableMap(
  tables: WardenTables,
): Record<'accounts' | 'exemptions' | 'ledger' | 'idempotency' | 'blastRadius', dynamodb.ITableV2> {
  const { accounts, exemptions, ledger, idempotency, blastRadius } = tables;
  return { accounts, exemptions, ledger, idempotency, blastRadius };
}

export type { WardenTablesProps };
export { EXEMPTIONS_BY_EXPIRY, encryptWith, tableMap, WardenTables };
