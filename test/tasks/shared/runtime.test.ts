/** The Lambda wrapper publishes a task's metrics as CloudWatch EMF on stdout, after a success only. */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaHandler } from '../../../tasks/shared/runtime';

const CONTEXT = {
  functionName: 'warden-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:warden-test',
  memoryLimitInMB: '1024',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

/** EMF documents written to stdout during `run`. */
async function emfLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return writes
    .flatMap((w) => w.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterEach(() => vi.restoreAllMocks());

describe('lambdaHandler metrics', () => {
  it('publishes the points in the Warden namespace with the service dimension', async () => {
    const handler = lambdaHandler('summarize', async () => ({ ok: true }), {
      metrics: () => [
        { name: 'Sweeps', value: 1 },
        { name: 'Remediations', value: 1, dimensions: { Outcome: 'FAILED' } },
      ],
    });
    const lines = await emfLines(() => handler({}, CONTEXT));
    const byMetric = new Map(
      lines.map((l) => {
        const meta = (
          l._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
        ).CloudWatchMetrics[0]!;
        return [meta.Metrics[0]!.Name, { namespace: meta.Namespace, dimensions: meta.Dimensions[0], line: l }];
      }),
    );
    expect(byMetric.get('Remediations')?.namespace).toBe('Warden');
    expect(byMetric.get('Remediations')?.dimensions).toEqual(['service', 'Outcome']);
    expect(byMetric.get('Remediations')?.line).toMatchObject({ service: 'warden', Outcome: 'FAILED', Remediations: 1 });
    expect(byMetric.get('Sweeps')?.dimensions).toEqual(['service']);
    expect(byMetric.get('Sweeps')?.line).toMatchObject({ service: 'warden', Sweeps: 1 });
  });

  it('publishes nothing when the task fails, and rethrows its error unchanged', async () => {
    const failure = Object.assign(new Error('no role'), { name: 'AccountUnreachableError' });
    const handler = lambdaHandler(
      'collect',
      async () => {
        throw failure;
      },
      { metrics: () => [{ name: 'Sweeps', value: 1 }] },
    );
    const lines = await emfLines(() => handler({}, CONTEXT).catch((e: unknown) => expect(e).toBe(failure)));
    expect(lines).toEqual([]);
  });

  it('a metrics function that throws never fails the task', async () => {
    const handler = lambdaHandler('evaluate', async () => 'result', {
      metrics: () => {
        throw new Error('bad metric');
      },
    });
    await expect(handler({}, CONTEXT)).resolves.toBe('result');
  });
});
