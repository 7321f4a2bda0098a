/**
 * Synthesizing leaves nothing in the system temp dir (issue 14 item 18): the test helpers and the
 * local runner (what `warden sweep` synthesizes offline) give every app an output directory and
 * remove it. The temp dir is redirected to a private one (TMPDIR) so other processes on the machine
 * cannot add or remove entries while the counts are taken; CDK reads `os.tmpdir()` per app.
 */
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const realTmp = tmpdir();
const privateTmp = realpathSync(mkdtempSync(join(realTmp, 'warden-tmpdir-')));
const savedTmpdir = process.env.TMPDIR;

const cdkOut = () => readdirSync(privateTmp).filter((entry) => entry.startsWith('cdk.out'));

beforeAll(() => {
  process.env.TMPDIR = privateTmp;
});
afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(privateTmp, { recursive: true, force: true });
});

describe('synthesis output directories', () => {
  it('the temp dir is the private one (else the counts below would prove nothing)', async () => {
    expect(tmpdir()).toBe(privateTmp);
    // An app without an outdir lands where the counts look: the probe the assertions rely on.
    const { App } = await import('aws-cdk-lib');
    const before = cdkOut().length;
    new App();
    expect(cdkOut().length).toBe(before + 1);
    for (const entry of cdkOut()) rmSync(join(privateTmp, entry), { recursive: true, force: true });
  });

  it('the stack-test helpers (test/infra/apps.ts, test/support/event-app.ts) add no cdk.out* entry', async () => {
    const { synthesize, FULL_CONTEXT } = await import('./apps');
    const { eventTestWorkflows } = await import('../support/event-app');
    const before = cdkOut();
    const app = synthesize(FULL_CONTEXT, true);
    app.app.synth();
    expect(eventTestWorkflows().workflows.event.definition.States).toBeDefined();
    expect(cdkOut()).toEqual(before);
  });

  it('the local runner (the CLI offline run) adds no cdk.out* entry and keeps no directory of its own', async () => {
    const { synthesizeWorkflows } = await import('../../local/workflows');
    const before = readdirSync(privateTmp).sort();
    expect(synthesizeWorkflows().sweep.definition.States).toBeDefined();
    expect(readdirSync(privateTmp).sort()).toEqual(before);
  });
});
