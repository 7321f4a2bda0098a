/**
 * `Fetch current state`: reads the resources an event names, in the event's account, as they are
 * now (the event says what changed; the rules judge what is), plus the related items the rules look
 * at. The result is stored with the execution's artifacts; the state carries its key and the errors.
 */
import { z } from 'zod';
import type { ResourceRef } from '../normalize-event/event-model';
import { AccountUnreachableError, describeError } from '../shared/errors';
import type { ConfigurationItem } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { parseInput } from '../shared/schemas';
import { type ReadError, type ReadResult, type ResourceReader, relatedNeeds } from './resource-reader';

interface FetchResourceDeps {
  readonly reader: ResourceReader;
  readonly store: ObjectStore;
}

const RefSchema = z.object({
  resourceType: z.string().min(1),
  resourceId: z.string().min(1).optional(),
  resourceName: z.string().min(1).optional(),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
});

const FetchResourceInputSchema = z.object({
  sweep: z.object({ sweepId: z.string().min(1) }),
  target: z.object({ accountId: z.string().regex(/^\d{12}$/) }),
  resource: z.object({ refs: z.array(RefSchema), itemRef: z.string().min(1).nullable() }),
});

/** What Evaluate reads back (`ref`). */
type StoredCurrentState = ReadResult;

interface FetchResourceOutput {
  readonly ref: string;
  readonly resourceCount: number;
  readonly relatedCount: number;
  readonly errors: ReadError[];
}

function createFetchResource(deps: FetchResourceDeps) {
  return async (event: unknown): Promise<FetchResourceOutput> => {
    const { sweep, target, resource } = parseInput(FetchResourceInputSchema, event, 'Fetch current state input');
    const given =
      resource.itemRef === null ? undefined : await deps.store.getJson<ConfigurationItem[]>(resource.itemRef);
    const request = {
      accountId: target.accountId,
      refs: resource.refs as ResourceRef[],
      ...(given === undefined ? {} : { given }),
    };
    let result: ReadResult;
    try {
      result = await deps.reader.read(request);
    } catch (error) {
      // A Config change event carried the item itself: evaluate it; only the related items are unknown.
      if (given === undefined || !(error instanceof AccountUnreachableError)) throw error;
      const related = [...relatedNeeds(request.refs, given).keys()];
      result = {
        items: [...given],
        related: [],
        errors: related.map((type) => ({ resource: type, resourceType: type, error: describeError(error) })),
        relatedUnknown: related,
      };
    }
    const ref = artifactKeys.inventory(sweep.sweepId, target.accountId);
    const stored: StoredCurrentState = result;
    await deps.store.putJson(ref, stored);
    return { ref, resourceCount: result.items.length, relatedCount: result.related.length, errors: result.errors };
  };
}

export type { FetchResourceDeps, FetchResourceOutput, StoredCurrentState };
export { createFetchResource };
