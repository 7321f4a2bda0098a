/** `Fetch current state` as a task: stores what it read, and keeps an event's own item when the account is unreachable. */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { snapshotReader } from '../../../local/snapshot-reader';
import { createFetchResource } from '../../../tasks/fetch-resource/fetch-resource';
import { AccountUnreachableError } from '../../../tasks/shared/errors';
import type { StoredCurrentState } from '../../../tasks/shared/inventory/resource-reader';
import { s3BucketCi } from '../../support/ci-builder';

const A = '111111111111';
const ref = { resourceType: 'AWS::S3::Bucket', resourceId: 'b', accountId: A, region: 'us-east-1' };
const input = (itemRef: string | null) => ({
  sweep: { sweepId: 'event-x' },
  target: { accountId: A },
  resource: { refs: [ref], itemRef },
});

describe('Fetch current state', () => {
  it('stores the items and returns their count and the read errors', async () => {
    const store = new MemoryObjectStore();
    const out = await createFetchResource({ reader: snapshotReader([s3BucketCi('b', { accountId: A })]), store })(
      input(null),
    );
    expect(out).toEqual({
      ref: 'inventories/event-x/111111111111.json',
      resourceCount: 1,
      relatedCount: 0,
      errors: [],
    });
    const stored = await store.getJson<StoredCurrentState>(out.ref);
    expect(stored.items.map((ci) => ci.resourceId)).toEqual(['b']);
  });

  it("evaluates a Config change's own item even when the account cannot be read; the related items are unknown", async () => {
    const store = new MemoryObjectStore();
    await store.putJson('inventories/event-x/event-item.json', [s3BucketCi('b', { accountId: A })]);
    const out = await createFetchResource({ reader: snapshotReader([]), store })(
      input('inventories/event-x/event-item.json'),
    );
    const stored = await store.getJson<StoredCurrentState>(out.ref);
    expect([stored.items.length, stored.relatedUnknown]).toEqual([1, ['AWS::S3::AccountPublicAccessBlock']]);
    expect(stored.fromEvent).toContain('AccountUnreachableError');
    expect(out.errors[0]?.error).toBe(
      `AccountUnreachableError: the snapshot has no configuration items for account ${A}`,
    );
  });

  it("reads the resource now even when the Config change event carried it: the event's copy may be stale (issue 14 item 3)", async () => {
    const store = new MemoryObjectStore();
    const stale = s3BucketCi('b', { accountId: A });
    const current = s3BucketCi('b', {
      accountId: A,
      sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] },
    });
    await store.putJson('inventories/event-x/event-item.json', [stale]);
    const out = await createFetchResource({ reader: snapshotReader([current]), store })(
      input('inventories/event-x/event-item.json'),
    );
    const stored = await store.getJson<StoredCurrentState>(out.ref);
    expect(stored.items).toEqual([current]);
    expect(stored.fromEvent).toBeUndefined();
  });

  it('without an item of its own, an unreachable account fails the task (the state machine catches it)', async () => {
    const fetch = createFetchResource({ reader: snapshotReader([]), store: new MemoryObjectStore() });
    await expect(fetch(input(null))).rejects.toBeInstanceOf(AccountUnreachableError);
  });
});
