/**
 * `Save outcomes`: what one page's findings became (each `Finding done`), stored next to the page
 * (`outcomes/…` for `remediations/…`), so an account's outcomes never accumulate in the payload.
 * `Summarize` reads them back.
 */
import { z } from 'zod';
import type { ObjectStore } from '../shared/object-store';
import { parseInput } from '../shared/schemas';

const SaveOutcomesInputSchema = z.object({
  page: z.string().startsWith('remediations/'),
  outcomes: z.array(z.object({ findingId: z.string() }).passthrough()),
});

interface SavedOutcomes {
  readonly outcomesRef: string;
  readonly count: number;
}

/** `remediations/<sweep>/<account>/<region>/<n>.json` → `outcomes/<sweep>/<account>/<region>/<n>.json`. */
function outcomesKey(page: string): string {
  return page.replace(/^remediations\//, 'outcomes/');
}

function createSaveOutcomes(deps: { readonly store: ObjectStore }) {
  return async (event: unknown): Promise<SavedOutcomes> => {
    const { page, outcomes } = parseInput(SaveOutcomesInputSchema, event, 'Save outcomes input');
    const outcomesRef = outcomesKey(page);
    await deps.store.putJson(outcomesRef, outcomes);
    return { outcomesRef, count: outcomes.length };
  };
}

export type { SavedOutcomes };
export { createSaveOutcomes };
