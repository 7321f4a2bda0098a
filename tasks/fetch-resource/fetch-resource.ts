/**
 * `Fetch current state`: reads the resources an event names, in the event's account, as they are
 * now (the event says what changed; the rules judge what is), plus the related items the rules look
 * at. The result is stored with the execution's artifacts; the state carries its key and the errors.
 *
 * A `Config Configuration Item Change` event carries the item, but events arrive late and out of
 * order: a copy captured before the last change must never decide a remediation (it could replace a
 * KMS key set since with AES256). So the resource is always read now; the event's copy is used only
 * when the account cannot be read at all, and is then marked `fromEvent`: evaluated and notified,
 * never planned for remediation (see `tasks/evaluate-event`).
 */
import { z } from 'zod';
import { AccountUnreachableError, describeError } from '../shared/errors';
import type { ResourceRef } from '../shared/events/event-model';
import {
  type ReadError,
  type ResourceReader,
  relatedNeeds,
  type StoredCurrentState,
} from '../shared/inventory/resource-reader';
import type { ConfigurationItem } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { AccountIdSchema, EventTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

interface FetchResourceDeps {
  readonly reader: ResourceReader;
  readonly store: ObjectStore;
}

const RefSchema = z.object({
  resourceType: z.string().min(1),
  resourceId: z.string().min(1).optional(),
  resourceName: z.string().min(1).optional(),
  accountId: AccountIdSchema,
  region: z.string().min(1),
});

const FetchResourceInputSchema = z.object({
  sweep: SweepSchema.pick({ sweepId: true }),
  target: EventTargetSchema.pick({ accountId: true }),
  resource: z.object({ refs: z.array(RefSchema), itemRef: z.string().min(1).nullable() }),
});

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
    // Always a current read, even when the event carried the item (see above).
    const request = { accountId: target.accountId, refs: resource.refs as ResourceRef[] };
    let result: StoredCurrentState;
    try {
      result = await deps.reader.read(request);
    } catch (error) {
      // The account cannot be read: the event's own copy is evaluated (and notified), never remediated.
      if (given === undefined || !(error instanceof AccountUnreachableError)) throw error;
      const related = [...relatedNeeds(request.refs, given).keys()];
      result = {
        items: [...given],
        related: [],
        errors: related.map((type) => ({ resource: type, resourceType: type, error: describeError(error) })),
        relatedUnknown: related,
        fromEvent: describeError(error),
      };
    }
    const ref = artifactKeys.inventory(sweep.sweepId, target.accountId);
    await deps.store.putJson(ref, result);
    return { ref, resourceCount: result.items.length, relatedCount: result.related.length, errors: result.errors };
  };
}

export type { FetchResourceDeps, FetchResourceOutput };
export { createFetchResource };
