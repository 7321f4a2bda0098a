/**
 * Puts the `Exemptions` items of a local run into the embedded table, as an operator's items would
 * be in DynamoDB. An item without its key attributes cannot be stored at all: it is returned with
 * why (the runs add it to the report's exemption problems) instead of being lost. Every other item
 * is stored as given; the sweep and the event tasks validate it.
 */
import type { ExemptionProblem } from '../tasks/shared/model';
import { type EmbeddedDynamoDb, tableNamed } from './embedded-dynamodb';
import type { TableSchema } from './extract';

async function seedExemptions(
  dynamodb: EmbeddedDynamoDb,
  tables: readonly TableSchema[],
  items: readonly unknown[],
): Promise<ExemptionProblem[]> {
  const problems: ExemptionProblem[] = [];
  const storable: Record<string, unknown>[] = [];
  for (const item of items) {
    const problem = unstorable(item);
    if (problem !== undefined) problems.push(problem);
    else storable.push(item as Record<string, unknown>);
  }
  await dynamodb.putAll(tableNamed(tables, 'Exemptions'), storable);
  return problems;
}

/** DynamoDB cannot store an item without its key attributes; say so instead of losing it. */
function unstorable(item: unknown): ExemptionProblem | undefined {
  const record = (item ?? {}) as Record<string, unknown>;
  const id = typeof record.exemptionId === 'string' && record.exemptionId !== '' ? record.exemptionId : undefined;
  const missing = [
    ...(id === undefined ? ['exemptionId'] : []),
    ...(typeof record.accountId !== 'string' || record.accountId === '' ? ['accountId'] : []),
  ];
  if (missing.length === 0) return undefined;
  return {
    exemptionId: id ?? '(missing exemptionId)',
    problem: `cannot be stored in the Exemptions table: ${missing.join(' and ')} (the table's key) must be a non-empty string`,
  };
}

export { seedExemptions };
