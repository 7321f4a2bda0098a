import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../../tasks/shared/aws/concurrency';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapLimit', () => {
  it('keeps input order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimit(
      Array.from({ length: 30 }, (_, i) => i),
      8,
      async (n) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await tick();
        inFlight -= 1;
        return n * 2;
      },
    );
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
    expect(most).toBe(8);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    const failure = new Error('boom');
    await expect(
      mapLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        await tick();
        if (n === 1) throw failure;
        return n;
      }),
    ).rejects.toBe(failure);
    expect(started).toEqual([0, 1, 2]);
  });

  it('handles an empty list', async () => {
    expect(await mapLimit([], 8, async () => 1)).toEqual([]);
  });
});
