/**
 * Duplicate suppression: the same finding is notified at most once per window. A conditional write
 * to the small `NotificationLog` table claims the notification (the first writer wins); the item's
 * TTL (`expiresAt`, epoch seconds) lets DynamoDB purge it later, and an expired item is overwritten
 * whatever TTL has or hasn't deleted yet (TTL deletion lags; dynalite never expires items).
 * If the table cannot be written, Warden notifies anyway: never silent because of bookkeeping.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isThrottlingError } from '../throttling';

interface DedupeDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
  /** How long a notification suppresses the same one. @default 3600 (one hour) */
  readonly windowSeconds?: number;
  readonly now?: () => Date;
  /** Told when the log could not be written (the notification is then sent). */
  readonly warn?: (message: string, error: unknown) => void;
}

type Claim = { readonly first: true } | { readonly first: false };

interface Deduplicator {
  /** Claims `key` for the window: `first: false` when it was already notified within the window. */
  claim(key: string, info: Record<string, string>): Promise<Claim>;
  /** Gives a claim back (the notification could not be sent after all). */
  release(key: string): Promise<void>;
}

const DEFAULT_WINDOW_SECONDS = 3600;

function createDeduplicator(deps: DedupeDeps): Deduplicator {
  const windowSeconds = deps.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const now = deps.now ?? (() => new Date());
  return {
    async claim(key, info) {
      const at = now();
      const nowSeconds = Math.floor(at.getTime() / 1000);
      try {
        await deps.ddb.send(
          new PutCommand({
            TableName: deps.table,
            Item: { ...info, dedupeKey: key, notifiedAt: at.toISOString(), expiresAt: nowSeconds + windowSeconds },
            ConditionExpression: 'attribute_not_exists(dedupeKey) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': nowSeconds },
          }),
        );
        return { first: true };
      } catch (error) {
        if (
          error instanceof ConditionalCheckFailedException ||
          (error as Error).name === 'ConditionalCheckFailedException'
        ) {
          return { first: false };
        }
        if (isThrottlingError(error)) throw error;
        deps.warn?.(`notification log ${deps.table} could not be written; notifying anyway`, error);
        return { first: true };
      }
    },
    async release(key) {
      try {
        await deps.ddb.send(new DeleteCommand({ TableName: deps.table, Key: { dedupeKey: key } }));
      } catch (error) {
        deps.warn?.(`notification log entry ${key} could not be released`, error);
      }
    },
  };
}

export type { Claim, DedupeDeps, Deduplicator };
export { createDeduplicator, DEFAULT_WINDOW_SECONDS };
