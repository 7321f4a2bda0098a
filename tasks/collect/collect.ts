/**
 * `Collect resources`: reads one account's resources in every region it is swept in, as AWS Config
 * configuration items, and stores them as the account's inventory for this sweep. Only a reference
 * travels on in the state, never the resources.
 */
import { z } from 'zod';
import type { ResourceSource } from '../shared/inventory/source';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { AccountTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

interface CollectDeps {
  readonly source: ResourceSource;
  readonly store: ObjectStore;
}

interface InventoryRef {
  readonly ref: string;
  readonly resourceCount: number;
  readonly regionErrors: { region: string; error: string }[];
}

const CollectInputSchema = z.object({ target: AccountTargetSchema, sweep: SweepSchema });

function createCollect(deps: CollectDeps) {
  return async (event: unknown): Promise<InventoryRef> => {
    const { target, sweep } = parseInput(CollectInputSchema, event, 'Collect resources input');
    const { items, regionErrors } = await deps.source.collect(target);
    const ref = artifactKeys.inventory(sweep.sweepId, target.accountId);
    await deps.store.putJson(ref, items);
    return { ref, resourceCount: items.length, regionErrors };
  };
}

export type { CollectDeps, InventoryRef };
export { createCollect };
