/**
 * The exemptions' audit trail: every create, update and delete of an `Exemptions` item (a DynamoDB
 * Streams record, new and old images) becomes a ledger record: who, when, what it was, what it is.
 * DynamoDB Streams does not carry the caller, so "who" is the item's own `changedBy` (set by
 * `warden exempt`), else its `requestedBy`/`approvedBy`; a deletion by TTL says so.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { EXEMPTION_CHANGES, writeLedgerRecords } from '../shared/ledger';

interface ExemptionAuditDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly ledgerTable: string;
}

type Image = Record<string, unknown>;

function imageOf(raw: Record<string, unknown> | undefined): Image | undefined {
  return raw === undefined ? undefined : unmarshall(raw as Record<string, AttributeValue>);
}

function auditRecord(record: DynamoDBRecord): Record<string, unknown> {
  const before = imageOf(record.dynamodb?.OldImage as Record<string, unknown> | undefined);
  const after = imageOf(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
  const key = imageOf(record.dynamodb?.Keys as Record<string, unknown> | undefined) ?? {};
  const seconds = record.dynamodb?.ApproximateCreationDateTime ?? 0;
  const byTtl = record.userIdentity?.type === 'Service' && record.userIdentity.principalId === 'dynamodb.amazonaws.com';
  const image = after ?? before ?? {};
  const lastWriter = String(
    image.changedBy ??
      `requested by ${String(image.requestedBy ?? '?')}, approved by ${String(image.approvedBy ?? '?')}`,
  );
  // A deleted item's image names its last writer, not who deleted it: say so rather than guess.
  const who = byTtl
    ? 'DynamoDB TTL (expired item purged)'
    : record.eventName === 'REMOVE'
      ? `not recorded by DynamoDB Streams (CloudTrail data events on the table name the caller); last written by ${lastWriter}`
      : lastWriter;
  return {
    findingId: `exemption#${String(key.accountId)}#${String(key.exemptionId)}`,
    // Stream records are ordered per item; the sequence number keeps two changes in one second apart.
    at: `${new Date(seconds * 1000).toISOString()}#${record.dynamodb?.SequenceNumber ?? ''}`,
    executionName: EXEMPTION_CHANGES,
    decision: 'EXEMPTION_CHANGE',
    change: record.eventName,
    exemptionId: key.exemptionId,
    accountId: key.accountId,
    who,
    before,
    after,
  };
}

function createExemptionAudit(deps: ExemptionAuditDeps) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        await writeLedgerRecords(deps.ddb, deps.ledgerTable, [auditRecord(record)]);
      } catch {
        // Lambda retries from the first failed record (ReportBatchItemFailures); none is lost.
        failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
        break;
      }
    }
    return { batchItemFailures: failures };
  };
}

export { auditRecord, createExemptionAudit };
