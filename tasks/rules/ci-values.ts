/**
 * Defensive readers for values inside a normalized configuration item. Config records the same
 * property in more than one way depending on the source and its age (booleans as `"true"`, numbers
 * as strings, `state` as `"available"` or `{value: "available"}`, tags as a map or a `[{key, value}]`
 * list); rules read through these so they see one meaning.
 */
import type { ConfigurationItem } from '../shared/model';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `true`/`false`, also as the strings Config sometimes records; anything else is `undefined`. */
function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'TRUE' || value === 'True') return true;
  if (value === 'false' || value === 'FALSE' || value === 'False') return false;
  return undefined;
}

/** A finite number, also from a numeric string; anything else is `undefined`. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A non-empty string; anything else is `undefined`. */
function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A list, or `[]` for anything that is not one (`null`, absent, `{}` from CloudTrail-style empties). */
function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A state as Config records it: a string (`"in-use"`, most CIs), or an object with `value` (the
 * schema's `state.value`) or `name` (EC2 instances' `{code, name}`).
 */
function stateOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value)) return stringOf(value.value) ?? stringOf(value.name);
  return undefined;
}

/**
 * The CI's tags: Config's top-level map, else the `[{key, value}]` list inside `configuration`
 * (`tags`, or RDS's `tagList`) for sources whose top level left them out.
 */
function tagsOf(ci: ConfigurationItem): Record<string, string> {
  if (Object.keys(ci.tags).length > 0) return ci.tags;
  const tags: Record<string, string> = {};
  for (const list of [ci.configuration.tags, ci.configuration.tagList]) {
    for (const tag of listOf(list)) {
      if (!isRecord(tag)) continue;
      const key = tag.key ?? tag.Key;
      const value = tag.value ?? tag.Value;
      if (typeof key === 'string') tags[key] = typeof value === 'string' ? value : '';
    }
  }
  return tags;
}

/** Capture time in ms (`-Infinity` when unknown), to pick the newest of several items. */
function captureMs(ci: ConfigurationItem): number {
  const ms = ci.captureTime === undefined ? Number.NaN : Date.parse(ci.captureTime);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** The most recently captured item (the first of equals), or `undefined` for none. */
function newest(items: readonly ConfigurationItem[]): ConfigurationItem | undefined {
  let best: ConfigurationItem | undefined;
  for (const item of items) if (best === undefined || captureMs(item) > captureMs(best)) best = item;
  return best;
}

export { booleanOf, isRecord, listOf, newest, numberOf, stateOf, stringOf, tagsOf };
