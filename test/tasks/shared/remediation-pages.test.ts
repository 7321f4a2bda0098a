/** Findings to remediate stored as pages by region: small enough for any state payload, nothing lost. */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { createLoadRemediations } from '../../../tasks/load-remediations/load-remediations';
import { createSaveOutcomes } from '../../../tasks/save-outcomes/save-outcomes';
import { loadOutcomes } from '../../../tasks/shared/account-results';
import type { Finding } from '../../../tasks/shared/model';
import {
  PAGE_FINDINGS,
  PAGE_MAX_BYTES,
  paginate,
  storeRemediationPages,
} from '../../../tasks/shared/remediation-pages';
import { bucketFinding } from '../../support/sweep-fixtures';

const inRegion = (region: string, n: number): Finding[] =>
  Array.from({ length: n }, (_, i) => bucketFinding(`${region}-bucket-${i}`, { region }));

describe('remediation pages', () => {
  it('groups by region (sorted), pages of at most PAGE_FINDINGS, every finding once and in order', async () => {
    const store = new MemoryObjectStore();
    const findings = [...inRegion('us-east-1', 45), ...inRegion('eu-west-1', 3)];
    const regions = await storeRemediationPages(store, 's-1', '111111111111', findings);
    expect(regions.map((r) => [r.region, r.count, r.pages.length])).toEqual([
      ['eu-west-1', 3, 1],
      ['us-east-1', 45, 3],
    ]);
    expect(regions[1]?.pages).toEqual([
      'remediations/s-1/111111111111/us-east-1/0.json',
      'remediations/s-1/111111111111/us-east-1/1.json',
      'remediations/s-1/111111111111/us-east-1/2.json',
    ]);
    const load = createLoadRemediations({ store });
    const loaded: Finding[] = [];
    for (const region of regions) for (const page of region.pages) loaded.push(...(await load({ page })));
    expect(loaded.map((f) => f.findingId)).toEqual([
      ...findings.slice(45).map((f) => f.findingId),
      ...findings.slice(0, 45).map((f) => f.findingId),
    ]);
    for (const region of regions)
      for (const page of region.pages) expect((await load({ page })).length).toBeLessThanOrEqual(PAGE_FINDINGS);
  });

  it('cuts a page early when its findings are large, never above PAGE_MAX_BYTES', () => {
    const big = inRegion('us-east-1', 10).map((f) => ({ ...f, message: 'x'.repeat(30_000) }));
    const pages = paginate(big);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(PAGE_MAX_BYTES);
  });

  it('keeps a page of outcomes next to its page of findings, and reads them back flat', async () => {
    const store = new MemoryObjectStore();
    const save = createSaveOutcomes({ store });
    const outcome = (id: string) => ({
      findingId: id,
      decision: 'REMEDIATE',
      subject: 's',
      remediation: {},
      notified: {},
    });
    const a = await save({ page: 'remediations/s-1/1/us-east-1/0.json', outcomes: [outcome('a'), outcome('b')] });
    const b = await save({ page: 'remediations/s-1/1/eu-west-1/0.json', outcomes: [outcome('c')] });
    expect(a).toEqual({ outcomesRef: 'outcomes/s-1/1/us-east-1/0.json', count: 2 });
    const flat = await loadOutcomes(store, [[a], [b]]);
    expect(flat.map((o) => o.findingId)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a page key outside remediations/ and an object that is not a list', async () => {
    const store = new MemoryObjectStore();
    await store.putJson('remediations/s-1/x.json', { not: 'a list' });
    const load = createLoadRemediations({ store });
    await expect(load({ page: 'reports/s-1/report.json' })).rejects.toMatchObject({ name: 'InvalidInputError' });
    await expect(load({ page: 'remediations/s-1/x.json' })).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});
