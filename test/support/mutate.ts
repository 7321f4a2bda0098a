/**
 * fast-check arbitraries of mutated events: a real event (from the corpus) with a few of its
 * fields deleted, nulled, replaced by random JSON, stringified, wrapped in a list or emptied —
 * the damage real pipelines do (SIEM rewrites, truncation, schema drift).
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ACTIONS = ['delete', 'null', 'replace', 'stringify', 'wrap', 'empty', 'number'] as const;

interface Mutation {
  readonly pick: number;
  readonly action: (typeof ACTIONS)[number];
  readonly value: Json;
}

/** Every (container, key) pair in a JSON value, depth first. */
function slots(value: Json): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [];
  const visit = (v: Json) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push([v, i]);
        visit(item);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        out.push([v, k]);
        visit(item);
      }
    }
  };
  visit(value);
  return out;
}

function applyMutations(seed: Json, mutations: readonly Mutation[]): Json {
  const copy = structuredClone(seed);
  for (const m of mutations) {
    const all = slots(copy);
    if (all.length === 0) break;
    const [container, key] = all[m.pick % all.length] as [Record<string, Json> | Json[], string | number];
    const current = (container as Record<string | number, Json>)[key] as Json;
    const set = (v: Json) => {
      (container as Record<string | number, Json>)[key] = v;
    };
    switch (m.action) {
      case 'delete':
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else delete container[key as string];
        break;
      case 'null':
        set(null);
        break;
      case 'replace':
        set(m.value);
        break;
      case 'stringify':
        set(JSON.stringify(current) ?? 'undefined');
        break;
      case 'wrap':
        set([current]);
        break;
      case 'empty':
        set(Array.isArray(current) ? [] : typeof current === 'string' ? '' : {});
        break;
      case 'number':
        set(typeof current === 'string' ? current.length : 0);
        break;
    }
  }
  return copy;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  action: fc.constantFrom(...ACTIONS),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
});

/** A corpus event with one to five mutations. */
function mutatedEvent(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 5 }))
    .map(([seed, mutations]) => applyMutations(seed as Json, mutations));
}

export { applyMutations, mutatedEvent };
