/**
 * The Lambda wrapper publishes a task's metrics as CloudWatch EMF on stdout, after a success only,
 * and lets a failure reach Step Functions with its name and a message that is one visible line.
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountUnreachableError, ESCAPED_MESSAGE_MAX } from '../../../tasks/shared/errors';
import { lambdaHandler, logger } from '../../../tasks/shared/runtime';

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

/** What the Node.js Lambda runtime sends for a thrown error; Step Functions makes it the `Cause`. */
function lambdaCause(error: Error): string {
  return JSON.stringify({ errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') });
}

/** Every way a line can end for someone reading a notice. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the line breaks are what is matched
const LINE_BREAK = /[\n\r\u000B\u000C\u0085\u2028\u2029]/;
const FORGED = 'Decision: NONE (exempted by ex-legacy-logs)';

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

describe('lambdaHandler failures', () => {
  const failing = (error: unknown) =>
    lambdaHandler('collect', async () => {
      throw error;
    });
  const thrown = async (error: unknown): Promise<Error> => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    return (await failing(error)({}, CONTEXT).catch((e: unknown) => e)) as Error;
  };

  it('rethrows AWS text with line breaks as one visible line: the Cause Step Functions gets has none', async () => {
    const aws = Object.assign(
      new Error(`not authorized on resource: role/WardenAudit\n${FORGED}\u2028${FORGED}\u0085${FORGED}\u202Eevil`),
      { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
    );
    const error = await thrown(aws);
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe(
      `not authorized on resource: role/WardenAudit\\n${FORGED}\\u2028${FORGED}\\u0085${FORGED}\\u202Eevil`,
    );
    expect(error.cause).toBe(aws);
    // JSON escapes \n but not U+2028, NEL or U+202E: without escaping, those reach the notice as they are.
    expect(lambdaCause(aws)).toMatch(/[\u0085\u2028\u202E]/);
    const cause = lambdaCause(error);
    expect(cause).not.toMatch(LINE_BREAK);
    expect(cause).not.toMatch(/[\u202A-\u202E]/);
    // The trace still has the frames, under the escaped message.
    const trace = (JSON.parse(cause) as { trace: string[] }).trace;
    expect(trace[0]).toBe(`AccessDenied: ${error.message}`);
    expect(trace.slice(1).length).toBeGreaterThan(0);
    for (const line of trace.slice(1)) expect(line).toMatch(/^\s+at /);
  });

  it('keeps the name of a named error (Retry/Catch match on it) and caps a long message', async () => {
    const error = await thrown(new AccountUnreachableError('111111111111', `x\n${'y'.repeat(5000)}`));
    expect(error.name).toBe('AccountUnreachableError');
    // At most ESCAPED_MESSAGE_MAX characters of the original, then `…`.
    expect(error.message).toBe(`x\\n${'y'.repeat(ESCAPED_MESSAGE_MAX - 2)}…`);
  });

  it('logs the original error, whole', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const original = new Error(`first\n${FORGED}`);
    await failing(original)({}, CONTEXT).catch(() => undefined);
    expect(logged).toHaveBeenCalledWith('task failed', original);
  });

  it('turns a thrown value that is not an Error into one, its text escaped', async () => {
    const error = await thrown(`plain\n${FORGED}`);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(`plain\\n${FORGED}`);
  });
});
