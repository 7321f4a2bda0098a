/**
 * The embedded store that outlives one command: exemptions added with `warden exempt add` and the
 * ledger of local sweeps (`warden drift` reads it). dynalite on disk under `.warden/store` (or
 * `$WARDEN_HOME/store`), with the key schemas of the deployed `Exemptions` and `Ledger` tables.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb, tableNamed } from './embedded-dynamodb';
import type { TableSchema } from './extract';

/** The persistent tables, named plainly (the template's logical ids change with the construct tree). */
const STATE_TABLES = { exemptions: 'WardenExemptions', ledger: 'WardenLedger' } as const;

interface StateStore extends EmbeddedDynamoDb {
  readonly tables: typeof STATE_TABLES;
  readonly path: string;
}

function stateStorePath(): string {
  return resolve(process.env.WARDEN_HOME ?? '.warden', 'store');
}

async function openStateStore(schemas: readonly TableSchema[], path = stateStorePath()): Promise<StateStore> {
  await mkdir(path, { recursive: true });
  const exemptions = tableNamed(schemas, 'Exemptions');
  const ledger = tableNamed(schemas, 'Ledger');
  const db = await startEmbeddedDynamoDb([exemptions, ledger], {
    path,
    names: (t) => (t === exemptions ? STATE_TABLES.exemptions : STATE_TABLES.ledger),
  });
  return { ...db, tables: STATE_TABLES, path };
}

export type { StateStore };
export { openStateStore, STATE_TABLES, stateStorePath };
