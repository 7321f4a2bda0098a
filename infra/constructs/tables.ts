/**
 * Warden's DynamoDB tables. Keys follow the lookups the tasks do:
 * - `Accounts`: `accountId` — the registry, scanned once per sweep.
 * - `Exemptions`: `accountId` + `exemptionId` — `Check exemptions` queries one account's partition
 *   and the `*` partition, once per account per sweep; TTL on `purgeAt` removes items some weeks
 *   after they expire (an expired item never matches, whatever TTL has done).
 * - `Ledger`: `findingId` + `at` — one resource-and-rule's history of decisions and remediations.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

class WardenTables extends Construct {
  public readonly accounts: dynamodb.TableV2;
  public readonly exemptions: dynamodb.TableV2;
  public readonly ledger: dynamodb.TableV2;

  public constructor(scope: Construct, id: string) {
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
    });
    this.ledger = new dynamodb.TableV2(this, 'Ledger', {
      ...common,
      partitionKey: { name: 'findingId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'at', type: dynamodb.AttributeType.STRING },
    });
  }
}

export { WardenTables };
