/**
 * The project's import graph, read from the sources: what the layering and cycle tests check.
 * Type-only imports and re-exports count: they tie two modules as much as a value import does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every source file (.ts, .mjs) under `dir`, recursively. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourcesUnder(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The relative modules a file imports or re-exports, as absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf-8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] as string);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const base = resolve(dirname(file), s);
      return [base, `${base}.ts`, join(base, 'index.ts')].find((f) => /\.(ts|mjs)$/.test(f) && existsSync(f)) ?? base;
    });
}

/** Every cycle of the import graph among `files`, each as the repo-relative path that closes it. */
function importCycles(files: readonly string[]): string[][] {
  const inGraph = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => inGraph.has(i))]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push([...path.slice(at), file].map((f) => relative(process.cwd(), f)));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const f of files) visit(f, []);
  return cycles;
}

export { importCycles, importsOf, sourcesUnder };
