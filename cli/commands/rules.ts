/**
 * `warden rules [--json]`: the rule catalogue (`tasks/rules/catalogue.ts`) — every resource and event
 * rule with its controls, severity, default mode, parameters and remediation. Text: a table, then
 * each rule's parameters; `--json`: the catalogue as one stable JSON array.
 */
import type { Command } from 'commander';
import { type CatalogueEntry, ruleCatalogue } from '../../tasks/rules/catalogue';
import type { CliContext } from '../io';
import { examples, jsonOption } from '../options';

interface RulesFlags {
  readonly json?: boolean;
}

/** Left-aligned columns, two spaces apart. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

function remediationText(e: CatalogueEntry): string {
  return e.remediation === null ? '—' : `${e.remediation.operations.join(', ')} (${e.remediation.risk})`;
}

function renderRules(entries: readonly CatalogueEntry[]): string {
  const resource = entries.filter((e) => e.kind === 'resource').length;
  const table = columns([
    ['RULE', 'KIND', 'SEVERITY', 'MODE', 'CONTROLS', 'REMEDIATION'],
    ...entries.map((e) => [
      e.id,
      e.kind,
      e.severity,
      e.defaultMode,
      e.controls.length > 0 ? e.controls.join(', ') : '—',
      remediationText(e),
    ]),
  ]);
  const parameters = entries
    .filter((e) => e.parameters.length > 0)
    .flatMap((e) => [
      `  ${e.id}`,
      ...e.parameters.map(
        (p) => `    ${p.name}: ${p.type} = ${p.default === null ? '(none)' : JSON.stringify(p.default)}`,
      ),
    ]);
  return [
    `${entries.length} rules: ${resource} resource rules, ${entries.length - resource} event rules`,
    '',
    ...table,
    '',
    'Parameters (name: type = default)',
    ...parameters,
    '',
    'Controls: FSBP = AWS Foundational Security Best Practices (Security Hub control ids), CIS = CIS AWS Foundations Benchmark v3.0.0.',
    '',
  ].join('\n');
}

function rulesCommand(flags: RulesFlags, io: { stdout(text: string): void }): number {
  const entries = ruleCatalogue();
  io.stdout(flags.json === true ? `${JSON.stringify(entries, null, 2)}\n` : renderRules(entries));
  return 0;
}

function register(program: Command, cli: CliContext): void {
  const rules = program
    .command('rules')
    .summary('The rule catalogue: every rule with its controls, severity, default mode, parameters and remediation')
    .description(
      'Lists every resource and event rule with its id, resource types, the FSBP / CIS controls it implements, severity, default mode, parameters (with defaults) and whether it remediates (operations, safe or disruptive).',
    )
    .addOption(jsonOption())
    .addHelpText('after', examples('warden rules', 'warden rules --json'))
    .action(() => cli.exit(rulesCommand(rules.opts<RulesFlags>(), cli.io)));
}

export type { RulesFlags };
export { register, renderRules, rulesCommand };
