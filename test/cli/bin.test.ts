/**
 * cli/bin.mjs runs the built CLI (dist/cli, scripts/build-cli.mjs) and falls back to the sources
 * through tsx only when the bundle is missing or older than a source (issue 20, item 13). The
 * modules a command loads are recorded by a module-resolution hook given with `--import`.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'warden-bin-'));

/** `node --import RECORDER cli/bin.mjs ARGS`: its output and every module URL it resolved. */
async function traced(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const log = join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', pathToFileURL(join(work, 'record.mjs')).href, join(ROOT, 'cli/bin.mjs'), ...args],
    { cwd: ROOT, env: { ...process.env, ...env, WARDEN_LOADED_LOG: log } },
  );
  return { stdout, stderr, loaded: readFileSync(log, 'utf-8').split('\n').filter(Boolean) };
}

beforeAll(async () => {
  writeFileSync(
    join(work, 'record.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  );
  writeFileSync(
    join(work, 'hooks.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      'export async function resolve(specifier, context, next) {',
      '  const resolved = await next(specifier, context);',
      "  appendFileSync(process.env.WARDEN_LOADED_LOG, resolved.url + '\\n');",
      '  return resolved;',
      '}',
    ].join('\n'),
  );
  // The bundle of the current sources, as `npm ci` (prepare) or `npm run build` leaves it. Built only
  // when bin.mjs would not run it: a rebuild swaps dist/cli under the other tests' running commands.
  const { stderr } = await run(process.execPath, [join(ROOT, 'cli/bin.mjs'), '--version'], { cwd: ROOT });
  if (stderr !== '') await run(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cli/bin.mjs runs the built CLI', () => {
  it('`warden --version` prints package.json’s version from the bundle, without tsx or any command module', async () => {
    const { stdout, stderr, loaded } = await traced(['--version']);
    expect(stdout.trim()).toBe(VERSION);
    expect(stderr).toBe('');
    expect(loaded).toContain(pathToFileURL(join(ROOT, 'dist/cli/main.mjs')).href);
    expect(loaded.filter((url) => /\/node_modules\/tsx\/|\.ts$/.test(url))).toEqual([]);
    expect(loaded.filter((url) => /aws-cdk-lib|@aws-sdk|aws-local-stepfunctions|dynalite/.test(url))).toEqual([]);
  });

  it('`warden rules` loads only its own command module and reads the repository as from source', async () => {
    const { stdout, loaded } = await traced(['rules', '--json']);
    expect((JSON.parse(stdout) as unknown[]).length).toBeGreaterThan(0);
    // esbuild names a command's own chunk after its module (rules-HASH.mjs), shared code chunk-HASH.mjs.
    const commands = new Set(loaded.map((url) => /\/dist\/cli\/([a-z]+)-[A-Z0-9]+\.mjs$/.exec(url)?.[1]));
    commands.delete(undefined);
    commands.delete('chunk');
    expect([...commands]).toEqual(['rules']);
  });

  it('WARDEN_FROM_SOURCE=1 runs the sources through tsx and says so on stderr', async () => {
    const { stdout, stderr, loaded } = await traced(['--version'], { WARDEN_FROM_SOURCE: '1' });
    expect(stdout.trim()).toBe(VERSION);
    expect(stderr).toMatch(/^warden: WARDEN_FROM_SOURCE is set; running from source/);
    expect(loaded).toContain(pathToFileURL(join(ROOT, 'cli/main.ts')).href);
  });
});

describe('a stale or missing bundle never runs', () => {
  // A checkout of its own: bin.mjs, a "source" main.ts and a "bundle" main.mjs that each say which they are.
  const checkout = join(work, 'checkout');
  const source = join(checkout, 'cli/main.ts');
  const stamp = join(checkout, 'dist/cli/inputs.json');
  const which = (name: string) =>
    `export const processIo = () => ({});\nexport async function runCli() { process.stdout.write('${name}'); return 0; }\n`;
  const bin = async () => {
    const { stdout, stderr } = await run(process.execPath, [join(checkout, 'cli/bin.mjs')], { cwd: checkout });
    return { stdout, stderr };
  };

  beforeAll(() => {
    mkdirSync(join(checkout, 'cli'), { recursive: true });
    mkdirSync(join(checkout, 'dist/cli'), { recursive: true });
    copyFileSync(join(ROOT, 'cli/bin.mjs'), join(checkout, 'cli/bin.mjs'));
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    writeFileSync(join(checkout, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(source, which('source'));
    writeFileSync(join(checkout, 'dist/cli/main.mjs'), which('bundle'));
  });

  it('runs the bundle when no source it lists is newer than its stamp', async () => {
    writeFileSync(stamp, JSON.stringify(['cli/main.ts']));
    utimesSync(source, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(await bin()).toEqual({ stdout: 'bundle', stderr: '' });
  });

  it('runs the sources, with one line on stderr, when a source is newer than the bundle', async () => {
    writeFileSync(stamp, JSON.stringify(['cli/main.ts']));
    utimesSync(source, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const { stdout, stderr } = await bin();
    expect(stdout).toBe('source');
    expect(stderr).toBe(
      'warden: cli/main.ts changed since dist/cli was built; running from source (npm run build makes it start fast)\n',
    );
  });

  it('runs the sources when a source the bundle was built from is gone, or there is no bundle', async () => {
    writeFileSync(stamp, JSON.stringify(['cli/main.ts', 'cli/removed.ts']));
    utimesSync(source, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect((await bin()).stderr).toMatch(/^warden: cli\/removed\.ts changed since dist\/cli was built/);
    rmSync(stamp);
    expect(await bin()).toEqual({
      stdout: 'source',
      stderr: 'warden: dist/cli is not built; running from source (npm run build makes it start fast)\n',
    });
  });
});
