/**
 * `runLocalTrail` (local/trail/run-trail.ts) where the CLI tests do not reach: a record whose
 * execution did not go through (a task throws) is listed with why and the next record still runs; progress is
 * reported after every file and execution; records outside a window never reach the engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runLocalTrail, type TrailProgress } from '../../../local/trail/run-trail';
import { eventTestWorkflows } from '../../support/event-app';

const signIn = (id: string, time: string) => ({
  eventVersion: '1.05',
  eventTime: time,
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  eventType: 'AwsConsoleSignIn',
  awsRegion: 'us-east-1',
  recipientAccountId: '111111111111',
  sourceIPAddress: '192.0.2.10',
  userIdentity: { type: 'IAMUser', accountId: '111111111111', userName: `user-${id}` },
  responseElements: { ConsoleLogin: 'Failure' },
  errorMessage: 'Failed authentication',
  eventID: id,
});

function logFile(records: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'warden-run-trail-')), '111111111111_CloudTrail_us-east-1_x.json.gz');
  writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
  return file;
}

describe('runLocalTrail', () => {
  it('lists a record whose execution did not go through, with why; the next record still runs', async () => {
    // A task that throws in `Normalize event` ends the execution in Rejected (its Catch), as deployed.
    const file = logFile([signIn('first', '2026-11-21T01:00:00Z'), signIn('second', '2026-11-21T02:00:00Z')]);
    let calls = 0;
    const digest = await runLocalTrail([file], {
      workflows: eventTestWorkflows().workflows,
      wrapTask: (task, run) =>
        task === 'normalize-event'
          ? async (event) => {
              calls += 1;
              if (calls === 1)
                throw Object.assign(new Error('the table is gone'), { name: 'ResourceNotFoundException' });
              return run(event);
            }
          : run,
    });
    expect(digest.counts).toMatchObject({ recordsRead: 2, matched: 2, rejected: 1, failed: 0, processed: 1 });
    expect(digest.problems).toEqual([
      {
        file,
        eventId: 'first',
        eventName: 'ConsoleLogin',
        accountId: '111111111111',
        outcome: 'REJECTED',
        reason: 'the event could not be normalized: the table is gone',
      },
    ]);
    expect(digest.notifications.map((n) => n.eventId)).toEqual(['second']);
  }, 60_000);

  it('reports progress after each execution and file; a window keeps the engine from the others', async () => {
    const file = logFile([
      signIn('early', '2026-11-21T01:00:00Z'),
      signIn('late', '2026-11-21T20:00:00Z'),
      { eventName: 'x' },
    ]);
    const seen: TrailProgress[] = [];
    const digest = await runLocalTrail([file], {
      workflows: eventTestWorkflows().workflows,
      since: new Date('2026-11-21T12:00:00Z'),
      onProgress: (p) => seen.push(p),
    });
    expect(digest.counts).toMatchObject({ recordsRead: 3, outsideWindow: 2, matched: 1, processed: 1 });
    expect(seen.at(-1)).toEqual({ files: 1, filesTotal: 1, recordsRead: 3, matched: 1, executions: 1 });
    expect(digest.notifications.map((n) => n.eventId)).toEqual(['late']);
  }, 60_000);
});
