/**
 * The layering of the code (README "Layout"): cli → local → infra → state-machines → tasks, and
 * inside tasks/ a ground floor (`tasks/shared/`), the rules (`tasks/rules/`) and the engine
 * (`tasks/engine/`) that task folders build on. A task folder is a Lambda's code: only infra/
 * (which bundles it) and local/ (which runs it offline) import it; never another task folder,
 * the CLI or the library folders beneath it.
 */
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importsOf, sourcesUnder } from '../support/imports';

const ROOT = resolve('.');
const TOP = ['tasks', 'state-machines', 'infra', 'local', 'cli', 'bench'] as const;
const LIBRARIES = ['shared', 'rules', 'engine'] as const;

/** The layer a repo-relative path belongs to: `tasks/<folder>` inside tasks/, else its top folder. */
function layerOf(path: string): string {
  const [top, folder] = path.split('/');
  return top === 'tasks' ? `tasks/${folder}` : (top as string);
}

/** Which layers each layer may import (besides itself). */
function mayImport(from: string, to: string): boolean {
  if (from === to) return true;
  const isTask = (l: string) => l.startsWith('tasks/') && !LIBRARIES.includes(l.slice(6) as never);
  switch (from) {
    case 'tasks/shared':
      return false;
    case 'tasks/rules':
      return to === 'tasks/shared';
    case 'tasks/engine':
      return to === 'tasks/shared' || to === 'tasks/rules';
    case 'state-machines':
      return to === 'tasks/shared';
    case 'infra':
      return to.startsWith('tasks/') || to === 'state-machines';
    case 'local':
      return to.startsWith('tasks/') || to === 'state-machines' || to === 'infra';
    case 'cli':
    case 'bench':
      return (to.startsWith('tasks/') && !isTask(to)) || to === 'state-machines' || to === 'infra' || to === 'local';
    default:
      // a task folder
      return to === 'tasks/shared' || to === 'tasks/rules' || to === 'tasks/engine';
  }
}

const sources = TOP.flatMap((dir) => sourcesUnder(resolve(dir)));
const edges = sources.flatMap((file) =>
  importsOf(file)
    .filter((target) => target.startsWith(`${ROOT}/`) && !relative(ROOT, target).startsWith('test/'))
    .map((target) => ({ from: relative(ROOT, file), to: relative(ROOT, target) })),
);

describe('the layers of the code', () => {
  it('reads the whole tree', () => {
    expect(sources.length).toBeGreaterThan(150);
    expect(edges.length).toBeGreaterThan(500);
  });

  it('imports only downwards: no task folder imports another, nothing outside infra/ and local/ imports a task folder', () => {
    const wrong = edges.filter((e) => !mayImport(layerOf(e.from), layerOf(e.to))).map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('has no import cycle anywhere (type-only imports included)', () => {
    expect(importCycles(sources)).toEqual([]);
  });
});
