#!/usr/bin/env node
// `npx warden …` / `npm start`: runs the built CLI (dist/cli/main.mjs, `npm run build`; `npm ci` builds
// it) so a command starts without transpiling. When the bundle is missing, or a source it was built
// from is newer than it (dist/cli/inputs.json lists them), the sources run through tsx instead, with
// one line on stderr: an edited source never runs as old code.
import { readFileSync, statSync } from 'node:fs';

// A local run talks to the embedded DynamoDB only; the SDK's Node 20 end-of-support notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = new URL('../', import.meta.url);
// Build output, not a source layer: loaded by URL.
const BUNDLE = new URL('dist/cli/main.mjs', ROOT);
const STAMP = new URL('dist/cli/inputs.json', ROOT);

/** Why the bundle cannot run (missing, or older than a source), or undefined when it can: ~2 ms, a stat per source. */
function staleness() {
  let inputs;
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
    inputs = JSON.parse(readFileSync(STAMP, 'utf-8'));
  } catch {
    return 'dist/cli is not built';
  }
  for (const input of inputs) {
    const at = statSync(new URL(input, ROOT), { throwIfNoEntry: false })?.mtimeMs;
    if (at === undefined || at > built) return `${input} changed since dist/cli was built`;
  }
  return undefined;
}

const stale = process.env.WARDEN_FROM_SOURCE ? 'WARDEN_FROM_SOURCE is set' : staleness();
let cli;
if (stale === undefined) {
  // `--debug` stack traces name the TypeScript sources (dist/cli has the source maps).
  process.setSourceMapsEnabled(true);
  cli = await import(BUNDLE.href);
} else {
  process.stderr.write(`warden: ${stale}; running from source (npm run build makes it start fast)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./main.ts');
}
process.exitCode = await cli.runCli(process.argv.slice(2), cli.processIo());
