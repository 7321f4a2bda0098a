/**
 * The event path's exemption lookup (DESIGN §4.2): the account's partition and the `*` one, invalid
 * items never matching, and a failed read reported as an error (the caller then notifies instead of
 * acting), never as "no exemptions" — failing open would let the event path remediate an exempt
 * resource. Throttling propagates so the state's Retry reads again.
 */
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { KNOWN_RULE_IDS } from '../../../tasks/rules/settings';
import { loadAccountExemptions } from '../../../tasks/shared/exemption-lookup';
import { startEventTables } from '../../support/event-tables';

const A = '111111111111';
const NOW = new Date('2026-11-22T06:00:00Z');
const item = (over: Record<string, unknown>) => ({
  ruleId: 's3-bucket-encryption',
  region: '*',
  resource: 'arn:aws:s3:::legacy-*',
  effect: 'SUPPRESS',
  reason: 'archive',
  requestedBy: 'data@example.com',
  approvedBy: 'security@example.com',
  expiresAt: '2030-01-01T00:00:00Z',
  ...over,
});

function awsError(name: string): Error {
  return Object.assign(new Error(`${name}: simulated`), { name, $metadata: {} });
}

describe('loadAccountExemptions', () => {
  let db: EmbeddedDynamoDb;
  beforeAll(async () => {
    db = await startEventTables();
    for (const row of [
      item({ exemptionId: 'ex-own', accountId: A }),
      item({ exemptionId: 'ex-all', accountId: '*' }),
      item({ exemptionId: 'ex-other', accountId: '222222222222' }),
    ]) {
      await db.documents.send(new PutCommand({ TableName: 'Exemptions', Item: row }));
    }
  });
  afterAll(async () => db.close());

  it("reads the account's own partition and the * one, not other accounts'", async () => {
    const { exemptions, error } = await loadAccountExemptions(db.documents, 'Exemptions', A, NOW, KNOWN_RULE_IDS);
    expect(error).toBeUndefined();
    expect(exemptions?.map((e) => e.exemptionId).sort()).toEqual(['ex-all', 'ex-own']);
  });

  it('a table that cannot be read is an error, never an empty list of exemptions', async () => {
    const result = await loadAccountExemptions(db.documents, 'NoSuchTable', A, NOW, KNOWN_RULE_IDS);
    expect(result.exemptions).toBeUndefined();
    expect(result.error).toMatch(/ResourceNotFoundException|not found/i);
  });

  it.each(['AccessDeniedException', 'KMSAccessDeniedException', 'InternalServerError'])(
    '%s is returned as the error, not as no exemptions',
    async (name) => {
      const ddb = mockClient(DynamoDBDocumentClient);
      ddb.on(QueryCommand).rejects(awsError(name));
      try {
        const result = await loadAccountExemptions(
          DynamoDBDocumentClient.from(db.client),
          'Exemptions',
          A,
          NOW,
          KNOWN_RULE_IDS,
        );
        expect(result).toEqual({ error: expect.stringContaining(name) });
      } finally {
        ddb.restore();
      }
    },
  );

  it('throttling propagates, so the state retries the read', async () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(QueryCommand).rejects(awsError('ProvisionedThroughputExceededException'));
    try {
      await expect(
        loadAccountExemptions(DynamoDBDocumentClient.from(db.client), 'Exemptions', A, NOW, KNOWN_RULE_IDS),
      ).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    } finally {
      ddb.restore();
    }
  });
});
