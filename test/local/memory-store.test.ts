/** The local artifacts store: each object kept once, large ones on disk until the run closes the store. */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../local/memory-store';

const spillDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('warden-artifacts-'));

describe('MemoryObjectStore', () => {
  it('keeps objects over its spill size on disk, answers them as written, and removes them on close', async () => {
    const before = new Set(spillDirs());
    const store = new MemoryObjectStore(100);
    const large = { items: Array.from({ length: 50 }, (_, i) => ({ id: `r-${i}` })) };
    await store.putJson('inventories/a.json', large);
    await store.putJson('small.json', { ok: true });
    await store.putJson('inventories/a.json', { ...large, again: true });
    const created = spillDirs().filter((d) => !before.has(d));
    expect(created).toHaveLength(1);
    expect(await store.getJson('inventories/a.json')).toEqual({ ...large, again: true });
    expect(await store.getJson('small.json')).toEqual({ ok: true });
    expect(store.keys()).toEqual(['inventories/a.json', 'small.json']);
    store.close();
    expect(spillDirs().filter((d) => !before.has(d))).toEqual([]);
    expect(() => store.getText('small.json')).toThrow(expect.objectContaining({ name: 'NoSuchKey' }));
  });

  it('keeps everything in memory by default', async () => {
    const before = new Set(spillDirs());
    const store = new MemoryObjectStore();
    await store.putText('big.txt', 'x'.repeat(1_000_000));
    expect(spillDirs().filter((d) => !before.has(d))).toEqual([]);
    expect(store.getText('big.txt')).toHaveLength(1_000_000);
  });
});
