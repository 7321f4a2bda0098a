/**
 * `Save outcomes`: what one page's findings became (each `Finding done`), stored next to the page
 * (`outcomes/…` for `remediations/…`), so an account's outcomes never accumulate in the payload.
 * `Summarize` reads them back.
 */
import { z } from 'zod';
import { artifactKeys, type ObjectStore, prefixOf } from '../shared/object-store';
import { parseInput } from '../shared/schemas';

const SaveOutcomesInputSchema = z.object({
  page: z.string().startsWith(prefixOf('remediations')),
  outcomes: z.array(z.object({ findingId: z.string() }).passthrough()),
});

interface SavedOutcomes {
  readonly outcomesRef: string;
  readonly count: number;
}

function createSaveOutcomes(deps: { readonly store: ObjectStore }) {
  return async (event: unknown): Promise<SavedOutcomes> => {
    const { page, outcomes } = parseInput(SaveOutcomesInputSchema, event, 'Save outcomes input');
    const outcomesRef = artifactKeys.outcomesOf(page);
    await deps.store.putJson(outcomesRef, outcomes);
    return { outcomesRef, count: outcomes.length };
  };
}

export type { SavedOutcomes };
export { createSaveOutcomes };
