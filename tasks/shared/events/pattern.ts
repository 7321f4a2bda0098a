/**
 * EventBridge event-pattern matching, in process: whether an event would start a rule, decided with
 * the rule's own pattern (as synthesized, or as `DescribeRule` returns it). `warden trail` and the
 * trail forwarder filter CloudTrail log records with the trigger rules' patterns before anything
 * runs, so a day of read-only calls never reaches the state machine. npm has no maintained matcher
 * (EventBridge's own is Java, `aws/event-ruler`; `TestEventPattern` is one API call per event), so
 * this module implements the documented semantics for the operators EventBridge accepts:
 *
 * - a field's array of values matches when any one matches (OR); fields of one object must all
 *   match (AND); `$or` holds alternative sub-patterns;
 * - an event field holding an array matches when any element does;
 * - exact values (strings, numbers, booleans, `null`: `"5"` is not `5`); `prefix`, `suffix` (each
 *   also with `equals-ignore-case`), `equals-ignore-case`, `anything-but` (a value, a list, or
 *   `{prefix|suffix|equals-ignore-case|wildcard}`), `exists`, `numeric`, `wildcard`, `cidr`;
 * - a field absent from the event only matches `{"exists": false}`.
 *
 * Patterns are checked once (`compilePattern`): an operator this module does not know is an
 * `InvalidEventPatternError`, never a silent "no match".
 */

import { isRecord } from './json';

/** A pattern this matcher cannot read: an operator it does not know, or a malformed clause. */
class InvalidEventPatternError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidEventPatternError';
  }
}

type Scalar = string | number | boolean | null;
type Condition = (value: Scalar) => boolean;
/** A compiled leaf: how it treats an absent field, and its test for each present scalar. */
interface Leaf {
  readonly kind: 'leaf';
  readonly matchesAbsent: boolean;
  /** `exists: true` matches any present value (objects included). */
  readonly matchesAnyPresent: boolean;
  readonly conditions: readonly Condition[];
}
interface Node {
  readonly kind: 'node';
  readonly fields: readonly (readonly [string, Leaf | Node])[];
  readonly or: readonly Node[];
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function stringArg(op: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new InvalidEventPatternError(`"${op}" takes a string, not ${JSON.stringify(value)}`);
  return value;
}

/** `*` matches any run of characters; `\*` is a literal star. */
function wildcardTest(pattern: string): (s: string) => boolean {
  const source = pattern
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 's');
  return (s) => re.test(s);
}

/** `prefix`/`suffix` with a string or `{"equals-ignore-case": s}`. */
function affixTest(op: 'prefix' | 'suffix', arg: unknown): (s: string) => boolean {
  const ignoreCase = isRecord(arg);
  const raw = ignoreCase ? stringArg(`${op} equals-ignore-case`, arg['equals-ignore-case']) : stringArg(op, arg);
  if (ignoreCase && Object.keys(arg).length !== 1) {
    throw new InvalidEventPatternError(`"${op}" takes a string or {"equals-ignore-case": string}`);
  }
  const want = ignoreCase ? raw.toLowerCase() : raw;
  return (s) => {
    const have = ignoreCase ? s.toLowerCase() : s;
    return op === 'prefix' ? have.startsWith(want) : have.endsWith(want);
  };
}

function ipv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.flatMap((p) => Array.from({ length: 8 }, (_, i) => (Number(p) >> (7 - i)) & 1));
}

function ipv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const all = [...head, ...Array.from({ length: fill }, () => '0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.flatMap((g) => Array.from({ length: 16 }, (_, i) => (Number.parseInt(g, 16) >> (15 - i)) & 1));
}

function cidrTest(arg: unknown): (s: string) => boolean {
  const [network, bits] = stringArg('cidr', arg).split('/');
  const address = network === undefined ? undefined : (ipv4(network) ?? ipv6(network));
  const length = Number(bits);
  if (address === undefined || !Number.isInteger(length) || length < 0 || length > address.length) {
    throw new InvalidEventPatternError(`"cidr" takes an IPv4 or IPv6 CIDR block, not ${JSON.stringify(arg)}`);
  }
  return (s) => {
    const ip = ipv4(s) ?? ipv6(s);
    return ip !== undefined && ip.length === address.length && ip.slice(0, length).every((b, i) => b === address[i]);
  };
}

const NUMERIC_OPS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numericTest(arg: unknown): Condition {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0) {
    throw new InvalidEventPatternError(`"numeric" takes [op, number, …], not ${JSON.stringify(arg)}`);
  }
  const checks: ((n: number) => boolean)[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const compare = NUMERIC_OPS[String(arg[i])];
    const bound = arg[i + 1];
    if (compare === undefined || typeof bound !== 'number') {
      throw new InvalidEventPatternError(`"numeric" takes [op, number, …], not ${JSON.stringify(arg)}`);
    }
    checks.push((n) => compare(n, bound));
  }
  return (value) => typeof value === 'number' && checks.every((c) => c(value));
}

function onString(test: (s: string) => boolean): Condition {
  return (value) => typeof value === 'string' && test(value);
}

/** `anything-but`: a value, a list of values, or one of the string operators; never an absent field. */
function anythingButTest(arg: unknown): Condition {
  if (isScalar(arg)) return (value) => value !== arg;
  if (Array.isArray(arg) && arg.every(isScalar)) return (value) => !arg.includes(value);
  if (isRecord(arg) && Object.keys(arg).length === 1) {
    const [op, inner] = Object.entries(arg)[0] as [string, unknown];
    const test =
      op === 'prefix' || op === 'suffix'
        ? affixTest(op, inner)
        : op === 'equals-ignore-case'
          ? equalsIgnoreCase(inner)
          : op === 'wildcard'
            ? wildcardTest(stringArg(op, inner))
            : undefined;
    if (test !== undefined) return (value) => typeof value === 'string' && !test(value);
  }
  throw new InvalidEventPatternError(`"anything-but" cannot take ${JSON.stringify(arg)}`);
}

function equalsIgnoreCase(arg: unknown): (s: string) => boolean {
  if (Array.isArray(arg)) {
    const wanted = new Set(arg.map((a) => stringArg('equals-ignore-case', a).toLowerCase()));
    return (s) => wanted.has(s.toLowerCase());
  }
  const want = stringArg('equals-ignore-case', arg).toLowerCase();
  return (s) => s.toLowerCase() === want;
}

function compileLeaf(path: string, values: readonly unknown[]): Leaf {
  if (values.length === 0) throw new InvalidEventPatternError(`${path}: an empty array matches nothing`);
  let matchesAbsent = false;
  let matchesAnyPresent = false;
  const conditions: Condition[] = [];
  for (const value of values) {
    if (isScalar(value)) {
      conditions.push((v) => v === value);
      continue;
    }
    if (!isRecord(value) || Object.keys(value).length !== 1) {
      throw new InvalidEventPatternError(`${path}: ${JSON.stringify(value)} is not a value or one operator`);
    }
    const [op, arg] = Object.entries(value)[0] as [string, unknown];
    switch (op) {
      case 'exists':
        if (typeof arg !== 'boolean') throw new InvalidEventPatternError(`${path}: "exists" takes true or false`);
        if (arg) matchesAnyPresent = true;
        else matchesAbsent = true;
        break;
      case 'prefix':
      case 'suffix':
        conditions.push(onString(affixTest(op, arg)));
        break;
      case 'equals-ignore-case':
        conditions.push(onString(equalsIgnoreCase(arg)));
        break;
      case 'wildcard':
        conditions.push(onString(wildcardTest(stringArg(op, arg))));
        break;
      case 'cidr':
        conditions.push(onString(cidrTest(arg)));
        break;
      case 'numeric':
        conditions.push(numericTest(arg));
        break;
      case 'anything-but':
        conditions.push(anythingButTest(arg));
        break;
      default:
        throw new InvalidEventPatternError(`${path}: unknown operator "${op}"`);
    }
  }
  return { kind: 'leaf', matchesAbsent, matchesAnyPresent, conditions };
}

function compileNode(path: string, pattern: unknown): Node {
  if (!isRecord(pattern)) throw new InvalidEventPatternError(`${path || 'the pattern'} must be a JSON object`);
  const fields: (readonly [string, Leaf | Node])[] = [];
  const or: Node[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        throw new InvalidEventPatternError(`${at} takes an array of at least two patterns`);
      }
      or.push(...value.map((p, i) => compileNode(`${at}[${i}]`, p)));
    } else if (Array.isArray(value)) {
      fields.push([key, compileLeaf(at, value)]);
    } else if (isRecord(value)) {
      fields.push([key, compileNode(at, value)]);
    } else {
      throw new InvalidEventPatternError(
        `${at}: a pattern field takes an array or an object, not ${JSON.stringify(value)}`,
      );
    }
  }
  return { kind: 'node', fields, or };
}

function leafMatches(leaf: Leaf, value: unknown): boolean {
  if (value === undefined) return leaf.matchesAbsent;
  if (leaf.matchesAnyPresent) return true;
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.some((v) => isScalar(v) && leaf.conditions.some((c) => c(v)));
}

function nodeMatches(node: Node, value: unknown): boolean {
  // An array of objects matches when one of its elements does.
  if (Array.isArray(value)) return value.some((v) => nodeMatches(node, v));
  if (!isRecord(value)) return false;
  for (const [key, sub] of node.fields) {
    const field = Object.hasOwn(value, key) ? value[key] : undefined;
    if (sub.kind === 'leaf' ? !leafMatches(sub, field) : !nodeMatches(sub, field)) return false;
  }
  return node.or.length === 0 || node.or.some((alternative) => nodeMatches(alternative, value));
}

/** A pattern checked once; `matches(event)` is then pure and cheap. */
interface CompiledPattern {
  readonly pattern: unknown;
  matches(event: unknown): boolean;
}

/** Checks `pattern` (an object, or its JSON text) and returns its matcher; throws `InvalidEventPatternError`. */
function compilePattern(pattern: unknown): CompiledPattern {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch (error) {
      throw new InvalidEventPatternError(`the pattern is not JSON: ${(error as Error).message}`);
    }
  }
  const root = compileNode('', parsed);
  return { pattern: parsed, matches: (event) => nodeMatches(root, event) };
}

/** Whether `event` matches `pattern` (compiles it each time: for one-off checks and tests). */
function matchesPattern(event: unknown, pattern: unknown): boolean {
  return compilePattern(pattern).matches(event);
}

/** Rules by name with their patterns: `matching(event)` names the rules an event would start. */
interface PatternSet {
  readonly names: readonly string[];
  matching(event: unknown): string[];
}

function compilePatterns(patterns: Readonly<Record<string, unknown>>): PatternSet {
  const compiled = Object.entries(patterns).map(([name, pattern]) => {
    try {
      return [name, compilePattern(pattern)] as const;
    } catch (error) {
      if (error instanceof InvalidEventPatternError) {
        throw new InvalidEventPatternError(`rule ${name}: ${error.message}`);
      }
      throw error;
    }
  });
  return {
    names: compiled.map(([name]) => name),
    matching: (event) => compiled.filter(([, p]) => p.matches(event)).map(([name]) => name),
  };
}

export type { CompiledPattern, PatternSet };
export { compilePattern, compilePatterns, InvalidEventPatternError, matchesPattern };
