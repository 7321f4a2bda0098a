/**
 * The rule catalogue: every registered rule (resource and event rules) as one plain, stable record —
 * what it checks, the controls it implements, its severity and default mode, its parameters (names,
 * types and defaults, read from its zod schema with `z.toJSONSchema`) and whether and how it
 * remediates. `warden rules` prints it and `scripts/docs-rules.ts` renders the README's rule table
 * from it, so neither can drift from the registry.
 */
import { z } from 'zod';
import type { Mode, Severity } from '../shared/model';
import type { Triggers } from '../shared/triggers';
import type { ControlId, RemediationRisk } from './controls';
import { EVENT_RULES } from './events/index';
import { RULES } from './index';

interface CatalogueParameter {
  readonly name: string;
  /** A TypeScript-like type: `boolean`, `string[]`, `"AES256" | "aws:kms"`, `object`. */
  readonly type: string;
  /** The default, as `parameters.parse({})` fills it in; `null` when there is none. */
  readonly default: unknown;
}

interface CatalogueEntry {
  readonly id: string;
  readonly kind: 'resource' | 'event';
  readonly title: string;
  /** The AWS Config types a resource rule evaluates; `[]` for event rules. */
  readonly resourceTypes: readonly string[];
  /** What runs the rule: `sweep`, `config change`, `aws.s3 CreateBucket`, `console sign-in`, … */
  readonly triggers: readonly string[];
  readonly controls: readonly ControlId[];
  readonly controlsNote: string | null;
  readonly severity: Severity;
  readonly defaultMode: Mode;
  readonly parameters: readonly CatalogueParameter[];
  /** `null` when the rule never remediates. `operations` as IAM-style `service:Operation`. */
  readonly remediation: { readonly risk: RemediationRisk; readonly operations: readonly string[] } | null;
  readonly rationale: string;
}

interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly default?: unknown;
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum !== undefined) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array') {
    const item = schema.items === undefined ? 'unknown' : typeOf(schema.items);
    return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === 'integer') return 'number';
  return schema.type ?? 'unknown';
}

/** The top-level parameters of a rule's schema, in declaration order. */
function parametersOf(schema: z.ZodType): CatalogueParameter[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const defaults = schema.safeParse({});
  const filled = defaults.success ? (defaults.data as Record<string, unknown>) : {};
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    type: typeOf(property),
    default: filled[name] ?? null,
  }));
}

/** The triggers in words, in a fixed order. */
function triggersOf(t: Triggers): string[] {
  return [
    ...(t.sweep === true ? ['sweep'] : []),
    ...(t.configChange === true ? ['config change'] : []),
    ...(t.signIn === true ? ['console sign-in'] : []),
    ...(t.parameterStore === true ? ['Parameter Store change'] : []),
    ...(t.watchList === true ? ['watch list'] : []),
    ...(t.cloudTrail ?? []).map((c) => `${c.source} ${c.eventNames.join(', ')}`),
  ];
}

/** The catalogue: resource rules then event rules, each sorted by id. */
function ruleCatalogue(): CatalogueEntry[] {
  const resource = RULES.map(
    (rule): CatalogueEntry => ({
      id: rule.id,
      kind: 'resource',
      title: rule.title,
      resourceTypes: [...rule.resourceTypes],
      triggers: triggersOf(rule.triggers),
      controls: [...rule.controls],
      controlsNote: rule.controlsNote ?? null,
      severity: rule.severity,
      defaultMode: rule.defaultMode,
      parameters: parametersOf(rule.parameters as z.ZodType),
      remediation:
        rule.remediation === undefined
          ? null
          : {
              risk: rule.remediation.risk,
              operations: rule.remediation.operations.map((o) => `${o.service}:${o.operation}`),
            },
      rationale: rule.rationale,
    }),
  );
  const events = EVENT_RULES.map(
    (rule): CatalogueEntry => ({
      id: rule.id,
      kind: 'event',
      title: rule.title,
      resourceTypes: [],
      triggers: triggersOf(rule.triggers),
      controls: [...rule.controls],
      controlsNote: rule.controlsNote ?? null,
      severity: rule.severity,
      defaultMode: rule.defaultMode,
      parameters: parametersOf(rule.parameters as z.ZodType),
      remediation: null,
      rationale: rule.rationale,
    }),
  );
  const byId = (a: CatalogueEntry, b: CatalogueEntry) => a.id.localeCompare(b.id);
  return [...resource.sort(byId), ...events.sort(byId)];
}

/** The README's rule table (Markdown), one row per rule. */
function renderRuleTable(entries: readonly CatalogueEntry[]): string {
  const code = (s: string) => `\`${s}\``;
  const rows = entries.map((e) =>
    [
      code(e.id),
      e.kind,
      e.kind === 'resource' ? e.resourceTypes.map(code).join(', ') : e.triggers.join('; '),
      e.controls.length > 0 ? e.controls.join(', ') : '—',
      e.severity,
      e.defaultMode,
      e.remediation === null ? '—' : `${e.remediation.operations.map(code).join(', ')} (${e.remediation.risk})`,
    ].join(' | '),
  );
  return [
    '| rule | kind | resource types / events | controls | severity | default mode | remediation |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

/** The marker comments around the generated table in README.md. */
const TABLE_BEGIN = '<!-- rules:begin (generated by npm run docs:rules from tasks/rules; do not edit) -->';
const TABLE_END = '<!-- rules:end -->';

/** `document` with the text between the markers replaced by `table`. Throws when the markers are missing. */
function withRuleTable(document: string, table: string): string {
  const begin = document.indexOf(TABLE_BEGIN);
  const end = document.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`the document has no ${TABLE_BEGIN} … ${TABLE_END} markers`);
  return `${document.slice(0, begin + TABLE_BEGIN.length)}\n${table}\n${document.slice(end)}`;
}

export type { CatalogueEntry, CatalogueParameter };
export { renderRuleTable, ruleCatalogue, TABLE_BEGIN, TABLE_END, withRuleTable };
