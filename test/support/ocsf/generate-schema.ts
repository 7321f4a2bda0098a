/**
 * Generates `test/fixtures/ocsf/ocsf-<version>-findings.schema.json`: a JSON Schema (draft-07, for
 * ajv) of OCSF's Compliance Finding (2003) and Detection Finding (2004) classes, built from an
 * ocsf-schema release checkout. The upstream repository ships no JSON Schema, only its dictionary,
 * class and object files; this resolves them as the OCSF server does for the core schema:
 * - a class or object inherits its parent's attributes (`extends`) and those of the profiles it
 *   `$include`s; its own attribute entries overlay the dictionary's (enums are merged);
 * - a dictionary type (`string_t`, `timestamp_t`, `port_t`, …) becomes its JSON type with the
 *   type's `regex`, `max_len` and `range`; an integer attribute with an enum accepts those values;
 * - `requirement: required` becomes `required` (a profile's attributes only for the profiles
 *   applied: `cloud`, which Warden's findings declare in `metadata.profiles`);
 * - `constraints` (`at_least_one`, `just_one`) become `anyOf`/`oneOf` of `required`;
 * - `class_uid`, `category_uid` and `type_uid` are pinned to the class's values;
 * - no attribute outside the schema is allowed (`additionalProperties: false`), so a misspelt
 *   attribute fails validation; an attribute of type `object` (`unmapped`) stays open, as OCSF intends.
 *
 * Run: git archive <release commit> of github.com/ocsf/ocsf-schema into DIR, then
 *   npx tsx test/support/ocsf/generate-schema.ts DIR
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Json = Record<string, unknown>;
interface AttributeDef {
  readonly type?: string;
  readonly is_array?: boolean;
  readonly requirement?: string;
  readonly enum?: Record<string, unknown>;
  readonly profile?: string;
  readonly [k: string]: unknown;
}
interface Definition {
  readonly name: string;
  readonly extends?: string;
  readonly attributes?: Record<string, AttributeDef | string[]>;
  readonly constraints?: { readonly at_least_one?: string[]; readonly just_one?: string[] };
  readonly uid?: number;
  readonly category?: string;
}

const CLASSES = ['compliance_finding', 'detection_finding'] as const;
const APPLIED_PROFILES = new Set(['cloud']);

const dir = resolve(process.argv[2] ?? '');
const read = (path: string): Json => JSON.parse(readFileSync(join(dir, path), 'utf-8')) as Json;
const version = String(read('version.json').version);
const dictionary = read('dictionary.json') as {
  attributes: Record<string, AttributeDef>;
  types: { attributes: Record<string, Json> };
};
const categories = (read('categories.json') as { attributes: Record<string, { uid: number }> }).attributes;

function definitionsIn(folder: string): Map<string, Definition> {
  const out = new Map<string, Definition>();
  for (const entry of readdirSync(join(dir, folder), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const path = join(entry.parentPath, entry.name).slice(dir.length + 1);
    const def = read(path) as unknown as Definition;
    out.set(def.name, def);
  }
  return out;
}
const objects = definitionsIn('objects');
const events = definitionsIn('events');

/** A definition's attributes with its parents' and included profiles' resolved, nearest last. */
function attributesOf(def: Definition, all: Map<string, Definition>): Map<string, AttributeDef> {
  const parent = def.extends === undefined ? undefined : all.get(def.extends);
  const out = parent === undefined ? new Map<string, AttributeDef>() : attributesOf(parent, all);
  const overlay = (name: string, attr: AttributeDef) => {
    const before = out.get(name) ?? {};
    const merged: AttributeDef = { ...before, ...attr };
    out.set(
      name,
      before.enum !== undefined || attr.enum !== undefined
        ? { ...merged, enum: { ...before.enum, ...attr.enum } }
        : merged,
    );
  };
  for (const [name, attr] of Object.entries(def.attributes ?? {})) {
    if (name !== '$include') {
      overlay(name, attr as AttributeDef);
      continue;
    }
    for (const file of attr as string[]) {
      const profile = read(file) as unknown as Definition;
      for (const [pname, pattr] of Object.entries(profile.attributes ?? {})) {
        overlay(pname, { ...(pattr as AttributeDef), profile: profile.name });
      }
    }
  }
  return out;
}

/** The JSON Schema of a dictionary type, following its base types. */
function typeSchema(type: string): Json {
  if (type === 'object') return { type: 'object' };
  const t = dictionary.types.attributes[type];
  if (t === undefined) throw new Error(`unknown type ${type}`);
  const base: Json =
    typeof t.type === 'string'
      ? typeSchema(t.type)
      : ({
          string_t: { type: 'string' },
          integer_t: { type: 'integer' },
          long_t: { type: 'integer' },
          float_t: { type: 'number' },
          boolean_t: { type: 'boolean' },
          json_t: {},
        }[type] ?? {});
  return {
    ...base,
    ...(typeof t.regex === 'string' && compiles(t.regex) ? { pattern: t.regex } : {}),
    ...(typeof t.max_len === 'number' ? { maxLength: t.max_len } : {}),
    ...(Array.isArray(t.range) ? { minimum: t.range[0], maximum: t.range[1] } : {}),
  };
}

/** ajv compiles patterns as unicode JavaScript regular expressions; OCSF's are written for the server. */
function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const defs: Record<string, Json> = {};

function attributeSchema(name: string, local: AttributeDef): Json {
  const attr: AttributeDef = { ...dictionary.attributes[name], ...local };
  const enumValues = { ...dictionary.attributes[name]?.enum, ...local.enum };
  const type = attr.type;
  if (type === undefined) throw new Error(`attribute ${name} has no type`);
  let item: Json;
  if (type === 'object') {
    // The root of every object (objects/object.json): an open object, as `unmapped` needs.
    item = { type: 'object' };
  } else if (objects.has(type)) {
    objectSchema(type);
    item = { $ref: `#/$defs/${type}` };
  } else {
    item = typeSchema(type);
    if (Object.keys(enumValues).length > 0 && item.type === 'integer')
      item = { ...item, enum: Object.keys(enumValues).map(Number) };
  }
  return attr.is_array === true ? { type: 'array', items: item } : item;
}

function shape(attributes: Map<string, AttributeDef>, constraints: Definition['constraints']): Json {
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  for (const [name, attr] of [...attributes].sort(([a], [b]) => a.localeCompare(b))) {
    properties[name] = attributeSchema(name, attr);
    if (attr.requirement === 'required' && (attr.profile === undefined || APPLIED_PROFILES.has(attr.profile)))
      required.push(name);
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    ...(constraints?.at_least_one !== undefined
      ? { anyOf: constraints.at_least_one.map((n) => ({ required: [n] })) }
      : {}),
    ...(constraints?.just_one !== undefined ? { oneOf: constraints.just_one.map((n) => ({ required: [n] })) } : {}),
  };
}

function objectSchema(name: string): void {
  if (defs[name] !== undefined) return;
  const def = objects.get(name);
  if (def === undefined) throw new Error(`unknown object ${name}`);
  defs[name] = {}; // placeholder: objects refer to each other
  const inherited = constraintsOf(def, objects);
  defs[name] = { title: name, ...shape(attributesOf(def, objects), inherited) };
}

function constraintsOf(def: Definition, all: Map<string, Definition>): Definition['constraints'] {
  if (def.constraints !== undefined) return def.constraints;
  const parent = def.extends === undefined ? undefined : all.get(def.extends);
  return parent === undefined ? undefined : constraintsOf(parent, all);
}

function categoryOf(def: Definition): string {
  if (def.category !== undefined) return def.category;
  const parent = def.extends === undefined ? undefined : events.get(def.extends);
  if (parent === undefined) throw new Error(`class ${def.name} has no category`);
  return categoryOf(parent);
}

for (const name of CLASSES) {
  const def = events.get(name);
  if (def === undefined || def.uid === undefined) throw new Error(`unknown class ${name}`);
  const categoryUid = categories[categoryOf(def)]?.uid;
  if (categoryUid === undefined) throw new Error(`unknown category of ${name}`);
  const classUid = categoryUid * 1000 + def.uid;
  const attributes = attributesOf(def, events);
  const s = shape(attributes, def.constraints) as { properties: Record<string, Json> };
  const activities = Object.keys({
    ...dictionary.attributes.activity_id?.enum,
    ...attributes.get('activity_id')?.enum,
  });
  s.properties.class_uid = { type: 'integer', const: classUid };
  s.properties.category_uid = { type: 'integer', const: categoryUid };
  s.properties.type_uid = { type: 'integer', enum: activities.map((a) => classUid * 100 + Number(a)) };
  defs[name] = { title: `${name} (class_uid ${classUid})`, ...s };
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `https://schema.ocsf.io/${version}/findings.schema.json`,
  title: `OCSF ${version}: Compliance Finding and Detection Finding`,
  description: `Generated by test/support/ocsf/generate-schema.ts from ocsf-schema ${version} (Apache-2.0, see LICENSE and NOTICE beside this file).`,
  oneOf: CLASSES.map((c) => ({ $ref: `#/$defs/${c}` })),
  $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
};
const out = resolve(`test/fixtures/ocsf/ocsf-${version}-findings.schema.json`);
writeFileSync(out, `${JSON.stringify(schema, null, 1)}\n`);
console.log(`${out}: ${Object.keys(defs).length} definitions`);
