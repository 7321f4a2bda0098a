/**
 * Cloud-assembly directories for the apps tests synthesize: one per app, under one directory per
 * test file, removed after the file's tests (test/support/setup.ts). Without an `outdir`, CDK
 * creates `cdk.out*` in the system temp dir and removes it only on a normal process exit, which
 * test workers do not have.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | undefined;

/** A fresh, empty directory for one app's cloud assembly. */
function testOutdir(): string {
  root ??= mkdtempSync(join(tmpdir(), 'warden-test-synth-'));
  return mkdtempSync(join(root, 'app-'));
}

/** Removes every directory `testOutdir` handed out (and their root). */
function removeTestOutdirs(): void {
  if (root === undefined) return;
  rmSync(root, { recursive: true, force: true });
  root = undefined;
}

export { removeTestOutdirs, testOutdir };
