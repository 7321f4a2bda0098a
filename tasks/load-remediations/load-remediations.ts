/**
 * `Load remediations`: one page of an account-region's REMEDIATE findings, read from S3 into the
 * state, where `For each finding` takes them one by one.
 */
import { z } from 'zod';
import { InvalidInputError } from '../shared/errors';
import type { Finding } from '../shared/model';
import { type ObjectStore, prefixOf } from '../shared/object-store';
import { parseInput } from '../shared/schemas';

const LoadRemediationsInputSchema = z.object({ page: z.string().startsWith(prefixOf('remediations')) });

function createLoadRemediations(deps: { readonly store: ObjectStore }) {
  return async (event: unknown): Promise<Finding[]> => {
    const { page } = parseInput(LoadRemediationsInputSchema, event, 'Load remediations input');
    const findings = await deps.store.getJson<unknown>(page);
    if (!Array.isArray(findings)) throw new InvalidInputError(`${page} does not hold a list of findings`);
    return findings as Finding[];
  };
}

export { createLoadRemediations };
