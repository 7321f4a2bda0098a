/**
 * Registration is guarded: this test starts from the files, not from the registry. It walks
 * `tasks/rules/<service>/*.ts` (event rules in `tasks/rules/events/`) and fails when
 * - a module there defines a rule that is not registered (dropping a line from `tasks/rules/index.ts`
 *   or `tasks/rules/events/index.ts` makes that rule silently never run and get no IAM),
 * - a fixture folder `test/fixtures/rules/<id>/` belongs to no registered rule,
 * - a registered rule lacks a fixture for a status its source can produce (the literal statuses it
 *   returns; `ERROR` when it throws `UnknownPropertyError` or calls `requireKnown`),
 * - a registered rule has no test file of its own (with a remediation: one that calls `.plan(` and `.apply(`),
 * - a registered rule breaks the catalogue's contract (`tasks/rules/controls.ts`): no control id and no
 *   reason, an id in neither the FSBP nor the CIS form, a FSBP id in two rules not both saying it is
 *   split, a rationale that is not a paragraph, a disruptive remediation defaulting to remediate.
 * The per-rule checks of what is registered (id, permissions, fixtures evaluated as named) are in
 * `index.test.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_RULES } from '../../../tasks/rules/events/index';
import { RULES } from '../../../tasks/rules/index';
import { RULE_FIXTURES_DIR, ruleFixtureNames } from '../../support/ci-builder';

const RULES_DIR = path.resolve(process.cwd(), 'tasks/rules');
const RULE_TESTS_DIR = path.resolve(process.cwd(), 'test/tasks/rules');
const EVENTS = 'events';

type Status = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'ERROR';

interface RuleLike {
  readonly id: string;
  readonly evaluate: unknown;
  readonly remediation?: unknown;
}

/** A rule definition (`defineRule` / `defineEventRule` value): an id, an evaluate function and a parameters schema. */
function isRuleLike(value: unknown): value is RuleLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const parameters = v.parameters as { safeParse?: unknown } | undefined;
  return typeof v.id === 'string' && typeof v.evaluate === 'function' && typeof parameters?.safeParse === 'function';
}

interface RuleModule {
  /** `<service>/<file>.ts`, relative to tasks/rules. */
  readonly file: string;
  readonly service: string;
  readonly name: string;
  /** The rule definitions the module exports. */
  readonly rules: readonly RuleLike[];
}

/** Every module of every service folder of tasks/rules (helpers included: they export no rule). */
const modules: RuleModule[] = [];
for (const service of readdirSync(RULES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const file of readdirSync(path.join(RULES_DIR, service.name)).filter((f) => f.endsWith('.ts'))) {
    const exported = (await import(pathToFileURL(path.join(RULES_DIR, service.name, file)).href)) as Record<
      string,
      unknown
    >;
    modules.push({
      file: `${service.name}/${file}`,
      service: service.name,
      name: file.slice(0, -'.ts'.length),
      rules: Object.values(exported).filter(isRuleLike),
    });
  }
}
const defining = modules.filter((m) => m.rules.length > 0);
const registered: readonly RuleLike[] = [...RULES, ...EVENT_RULES];

/** The statuses a rule's source can produce: the status literals it returns, ERROR when it refuses to guess. */
function producibleStatuses(source: string): Status[] {
  const statuses = new Set<Status>();
  for (const m of source.matchAll(/'(COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE)'/g)) statuses.add(m[1] as Status);
  if (/\b(UnknownPropertyError|requireKnown)\b/.test(source)) statuses.add('ERROR');
  return [...statuses].sort();
}

/** The status a fixture's name states (the naming table of docs/adding-a-rule.md §3). */
function fixtureStatus(name: string): Status | undefined {
  if (name.startsWith('non-compliant')) return 'NON_COMPLIANT';
  if (name.startsWith('compliant')) return 'COMPLIANT';
  if (name.startsWith('not-applicable')) return 'NOT_APPLICABLE';
  if (name.startsWith('error')) return 'ERROR';
  return undefined;
}

describe('the walk of tasks/rules (guards the walk itself)', () => {
  it('finds the rule files of every service folder and the helpers that define no rule', () => {
    const services = new Set(defining.map((m) => m.service));
    expect([...services]).toEqual(expect.arrayContaining(['s3', 'ec2', 'vpc', 'rds', EVENTS]));
    expect(defining.map((m) => m.file)).toEqual(
      expect.arrayContaining(['s3/s3-bucket-encryption.ts', 'events/vpc-created.ts']),
    );
    const helpers = modules.filter((m) => m.rules.length === 0).map((m) => m.file);
    expect(helpers).toEqual(expect.arrayContaining(['events/index.ts', 'events/event-rule.ts']));
    // The helpers export functions and registries, never a rule definition.
    expect(helpers.every((f) => !/\bdefine(Event)?Rule\(/.test(readFileSync(path.join(RULES_DIR, f), 'utf8')))).toBe(
      true,
    );
  });

  it('reads the statuses a rule can produce from its source', () => {
    const source = (file: string) => readFileSync(path.join(RULES_DIR, file), 'utf8');
    expect(producibleStatuses(source('s3/s3-bucket-encryption.ts'))).toEqual([
      'COMPLIANT',
      'ERROR',
      'NON_COMPLIANT',
      'NOT_APPLICABLE',
    ]);
    expect(producibleStatuses(source('ec2/ec2-security-group-open-ingress.ts'))).toEqual([
      'COMPLIANT',
      'NON_COMPLIANT',
      'NOT_APPLICABLE',
    ]);
    expect(producibleStatuses("return { status: 'NON_COMPLIANT' }; // not 'COMPLIANT_X'")).toEqual(['NON_COMPLIANT']);
  });
});

describe('every rule file is registered', () => {
  it.each(defining.map((m) => [m.file, m] as const))('%s', (_file, m) => {
    // One rule per file, named by its id.
    expect(m.rules.map((r) => r.id)).toEqual([m.name]);
    const rule = m.rules[0] as RuleLike;
    // Registered by identity, in the registry of its kind: event rules in events/index.ts, the others in index.ts.
    const registry: readonly RuleLike[] = m.service === EVENTS ? EVENT_RULES : RULES;
    expect(
      registry.includes(rule),
      `${m.file} defines ${rule.id} but ${m.service === EVENTS ? 'tasks/rules/events/index.ts' : 'tasks/rules/index.ts'} does not register it`,
    ).toBe(true);
  });

  it('every registered rule comes from exactly one rule file (nothing registered twice or defined elsewhere)', () => {
    const fromFiles = defining.flatMap((m) => m.rules);
    for (const rule of registered)
      expect(
        fromFiles.filter((r) => r === rule),
        rule.id,
      ).toHaveLength(1);
    expect(new Set(registered.map((r) => r.id)).size).toBe(registered.length);
  });
});

describe('fixtures belong to registered rules and cover what each rule can produce', () => {
  const folders = readdirSync(RULE_FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it.each(folders)('test/fixtures/rules/%s belongs to a registered resource rule', (folder) => {
    expect(
      RULES.map((r) => r.id as string),
      `no registered rule ${folder}`,
    ).toContain(folder);
    for (const name of ruleFixtureNames(folder)) expect(fixtureStatus(name), `${folder}/${name}.json`).toBeDefined();
  });

  it.each(defining.filter((m) => m.service !== EVENTS).map((m) => [m.name, m] as const))(
    '%s has a fixture for every status its source can produce',
    (id, m) => {
      expect(existsSync(path.join(RULE_FIXTURES_DIR, id)), `test/fixtures/rules/${id}/`).toBe(true);
      const covered = new Set(ruleFixtureNames(id).map(fixtureStatus));
      const source = readFileSync(path.join(RULES_DIR, m.file), 'utf8');
      const missing = producibleStatuses(source).filter((s) => !covered.has(s));
      expect(missing, `statuses of ${id} without a fixture`).toEqual([]);
    },
  );
});

describe('every rule file has its own test, a plan test when it remediates', () => {
  it.each(defining.map((m) => [m.file, m] as const))('%s', (file, m) => {
    const testFile = path.join(RULE_TESTS_DIR, file.replace(/\.ts$/, '.test.ts'));
    expect(existsSync(testFile), testFile).toBe(true);
    if ((m.rules[0] as RuleLike).remediation === undefined) return;
    const source = readFileSync(testFile, 'utf8');
    expect(source).toMatch(/\.plan\(/);
    expect(source).toMatch(/\.apply\(/);
  });
});

/** What the catalogue checks read of a rule (resource or event rule). */
interface Catalogued {
  readonly id: string;
  readonly controls: readonly string[];
  readonly controlsNote?: string;
  readonly splitControls?: Readonly<Record<string, string | undefined>>;
  readonly rationale: string;
  readonly defaultMode: string;
  readonly remediation?: { readonly risk: string };
}

/**
 * Disruptive remediations that still default to `remediate`, each with why. DESIGN §5 fixes
 * s3-bucket-public-access-block's default to remediate, though blocking public access breaks a
 * bucket that serves public content on purpose: moving it to notify (or to approval) changes what
 * `npm start` shows and is the lead's call. Nothing may join this list.
 */
const DISRUPTIVE_BY_DESIGN: Readonly<Record<string, string>> = {
  's3-bucket-public-access-block': 'DESIGN §5: PutPublicAccessBlock (remediate)',
};

const CONTROL_ID = /^(FSBP [A-Za-z0-9]+\.\d+|CIS \d+(\.\d+)+)$/;

/** Every way the registered rules break the catalogue's contract, in words (none = conformant). */
function catalogueProblems(rules: readonly Catalogued[]): string[] {
  const problems: string[] = [];
  const fsbpOwners = new Map<string, string[]>();
  for (const rule of rules) {
    if (rule.controls.length === 0 && (rule.controlsNote ?? '').trim() === '')
      problems.push(`${rule.id}: controls: [] without a controlsNote saying why`);
    for (const id of rule.controls) {
      if (!CONTROL_ID.test(id)) problems.push(`${rule.id}: "${id}" is not "FSBP <Service>.<n>" or "CIS <n>.<n>…"`);
      if (id.startsWith('FSBP ')) fsbpOwners.set(id, [...(fsbpOwners.get(id) ?? []), rule.id]);
    }
    if (new Set(rule.controls).size !== rule.controls.length) problems.push(`${rule.id}: a control is listed twice`);
    if (rule.rationale.trim().length < 80) problems.push(`${rule.id}: the rationale is not a paragraph`);
    if (
      rule.remediation?.risk === 'disruptive' &&
      rule.defaultMode === 'remediate' &&
      DISRUPTIVE_BY_DESIGN[rule.id] === undefined
    )
      problems.push(`${rule.id}: a disruptive remediation defaults to remediate`);
  }
  for (const [id, owners] of fsbpOwners) {
    if (owners.length < 2) continue;
    const split = owners.filter((owner) => rules.find((r) => r.id === owner)?.splitControls?.[id] !== undefined);
    if (split.length !== owners.length)
      problems.push(`${id} is in ${owners.join(', ')} without each saying it is split`);
  }
  return problems;
}

describe('the catalogue: controls, rationale and remediation risk (issue 16 item 5)', () => {
  const all = registered as unknown as readonly Catalogued[];

  it('every registered rule conforms', () => {
    expect(catalogueProblems(all)).toEqual([]);
  });

  it('the known exception is still true: the rule is disruptive and defaults to remediate (else drop it from the list)', () => {
    for (const id of Object.keys(DISRUPTIVE_BY_DESIGN)) {
      const rule = all.find((r) => r.id === id);
      expect(rule?.remediation?.risk, id).toBe('disruptive');
      expect(rule?.defaultMode, id).toBe('remediate');
    }
  });

  const base: Catalogued = { id: 'r1', controls: ['FSBP S3.8'], rationale: 'x'.repeat(80), defaultMode: 'notify' };
  it.each<[string, readonly Catalogued[], string]>([
    [
      'an empty controls list without a reason',
      [{ ...base, controls: [] }],
      'r1: controls: [] without a controlsNote saying why',
    ],
    [
      'a control id in no known form',
      [{ ...base, controls: ['S3.8'] }],
      'r1: "S3.8" is not "FSBP <Service>.<n>" or "CIS <n>.<n>…"',
    ],
    ['a one-line rationale', [{ ...base, rationale: 'because' }], 'r1: the rationale is not a paragraph'],
    [
      'a disruptive remediation defaulting to remediate',
      [{ ...base, defaultMode: 'remediate', remediation: { risk: 'disruptive' } }],
      'r1: a disruptive remediation defaults to remediate',
    ],
    [
      'a FSBP id in two rules, only one saying it is split',
      [
        { ...base, splitControls: { 'FSBP S3.8': 'bucket level' } },
        { ...base, id: 'r2' },
      ],
      'FSBP S3.8 is in r1, r2 without each saying it is split',
    ],
  ])('finds %s', (_what, rules, problem) => {
    expect(catalogueProblems(rules)).toEqual([problem]);
  });

  it('accepts a FSBP id split on purpose by both rules, and a CIS id in several rules', () => {
    const split = { 'FSBP S3.8': 'half' };
    expect(
      catalogueProblems([
        { ...base, controls: ['FSBP S3.8', 'CIS 2.1.4'], splitControls: split },
        { ...base, id: 'r2', controls: ['FSBP S3.8', 'CIS 2.1.4'], splitControls: split },
      ]),
    ).toEqual([]);
  });
});
