/**
 * Defensive readers for event JSON. Real events come with quirks: SIEM-lowercased keys
 * (`principalid`, `sessioncontext`), `null` where an object is expected, numbers as strings, and
 * CloudTrail lists as `{items: […]}` with `{}` for an empty one.
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[key]`, falling back to a key that differs only in case. */
function field(obj: unknown, key: string): unknown {
  if (!isRecord(obj)) return undefined;
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** A non-empty, trimmed string; numbers are given as their decimal text; anything else is undefined. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** `text(field(obj, key))` along a path of keys. */
function textAt(obj: unknown, ...path: readonly string[]): string | undefined {
  let current: unknown = obj;
  for (const key of path) current = field(current, key);
  return text(current);
}

/** The object at a path, or undefined. */
function recordAt(obj: unknown, ...path: readonly string[]): Json | undefined {
  let current: unknown = obj;
  for (const key of path) current = field(current, key);
  return isRecord(current) ? current : undefined;
}

/**
 * The members of a CloudTrail list: `{items: […]}` (EC2 style), a plain array, or `{}` / null /
 * absent for none. Non-object members are dropped.
 */
function itemsOf(value: unknown): Json[] {
  const list = Array.isArray(value) ? value : isRecord(value) ? field(value, 'items') : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** `true`/`false` as booleans or the strings CloudTrail writes (`"true"`, `"Yes"`). */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes') return true;
  if (v === 'false' || v === 'no') return false;
  return undefined;
}

/**
 * ISO-8601 UTC for the times events carry: ISO with any offset, CloudTrail's `2013-11-02T01:06:28Z`,
 * SIEM forms such as `2021-01-24 04:55:45.000` or with nanoseconds (read as UTC), epoch seconds or
 * milliseconds. Undefined when it is none of these.
 */
function isoTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const date = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const t = text(value);
  if (t === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (m === null) return undefined;
  const fraction = m[3] === undefined ? '' : m[3].slice(0, 4);
  const offset = m[4] === undefined || m[4].toUpperCase() === 'Z' ? 'Z' : m[4];
  const ms = Date.parse(`${m[1]}T${m[2]}${fraction}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * How deep an event may nest objects and arrays (the envelope counts as one). Real events nest about
 * a dozen levels (the deepest in the corpus: 11); anything far deeper is not an AWS event, and would
 * overflow the stack of whatever walks it recursively (the local engine's clone, a JSONPath).
 */
const MAX_EVENT_DEPTH = 64;

/** Says why a value nesting deeper than `MAX_EVENT_DEPTH` is refused (the normalizer's reason, the CLI's error). */
const TOO_DEEP = `nests deeper than ${MAX_EVENT_DEPTH} levels of objects and arrays; real AWS events nest a dozen at most`;

/**
 * The nesting depth of a JSON value (a scalar is 0, `{}` is 1), counted without recursion and
 * without looking further once `limit` is passed (the answer is then `limit`), so any input is safe.
 */
function jsonDepth(value: unknown, limit: number = MAX_EVENT_DEPTH + 1): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest >= limit) return limit;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** A short description of a JSON value's type, for rejection reasons. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export type { Json };
export {
  field,
  flag,
  isoTime,
  isRecord,
  itemsOf,
  jsonDepth,
  kindOf,
  MAX_EVENT_DEPTH,
  recordAt,
  TOO_DEEP,
  text,
  textAt,
};
