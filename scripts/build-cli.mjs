#!/usr/bin/env node
/**
 * Builds the `warden` CLI into dist/cli/ (`npm run build`; `npm ci` runs it as `prepare`), so that a
 * command starts without transpiling TypeScript on every run (issue 20, item 13). esbuild bundles
 * cli/main.ts and everything of the repository it imports into ESM for Node 20; every package stays
 * external (node_modules is loaded as installed, aws-cdk-lib included, which the local runner
 * synthesizes at run time). The command modules main.ts loads with `import()` become chunks of their
 * own, so `warden --version` loads none of them.
 *
 * Two things keep the bundle honest:
 * - `import.meta.url` in a bundled module is rewritten to that module's source URL (relative to the
 *   bundle, so the checkout can move): `new URL('../package.json', import.meta.url)` in cli/main.ts
 *   and the repository root in infra/ mean what they mean from source.
 * - dist/cli/inputs.json lists the source files the bundle was built from; cli/bin.mjs runs the
 *   bundle only when none of them is newer than it, so an edited source never runs as old code.
 *
 * Without esbuild (`npm ci --omit=dev`) there is nothing to build: the script says so and succeeds,
 * and cli/bin.mjs runs the sources through tsx.
 */
import { readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'dist/cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('build-cli: esbuild is not installed (a production install); warden runs from source\n');
  process.exit(0);
}

/** Rewrites `import.meta.url` to the URL of the module's own source file, relative to the bundle. */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf-8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromBundle = relative(OUT, args.path).split('\\').join('/');
      const own = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', own), loader: 'ts' };
    });
  },
};

// The stamp carries the time the build started: a source saved during the build counts as newer.
const started = new Date();
// Built beside dist/cli and swapped in when complete: a command starting meanwhile never loads half a bundle.
const NEXT = `${OUT}.next-${process.pid}`;
const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'cli/main.ts' },
  outdir: NEXT,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceUrls],
});

const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
const stamp = join(NEXT, 'inputs.json');
await writeFile(stamp, `${JSON.stringify(inputs, null, 1)}\n`);
await utimes(stamp, started, started);
const OLD = `${OUT}.old-${process.pid}`;
await rename(OUT, OLD).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(NEXT, OUT).catch(async (error) => {
  // A build running at the same time swapped its own in first: that one is as new as this one.
  if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  await rm(NEXT, { recursive: true, force: true });
});
await rm(OLD, { recursive: true, force: true });
process.stderr.write(
  `build-cli: ${relative(process.cwd(), join(OUT, 'main.mjs')) || OUT} from ${inputs.length} sources\n`,
);
