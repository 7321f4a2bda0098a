/**
 * `warden validate [--config cdk.json] [--accounts F] [--exemptions F] [--json]`: checks, offline and
 * without a synth, what a deployment or a sweep would be given (as Custodian's `validate` does):
 * - the config: cdk.json's `warden` key (rules, modes, parameters — every rule's parameters parsed
 *   with its own schema) and the `warden:*` deployment keys, with the validation the synth applies;
 * - an accounts file, as `warden sweep --accounts` reads it;
 * - an exemptions file, item by item, as the sweep and the event path would sort it: invalid items,
 *   items the exemption policy refuses (they never match), policy warnings, expired items.
 * Every problem is listed (not only the first). Exit 0: nothing wrong (warnings allowed); 1: at least one
 * error; 2: a file could not be read or is not JSON.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { contextKeys, parseDeploymentContext } from '../../infra/context';
import { EVENT_RULES } from '../../tasks/rules/events/index';
import { RULES, resolveRuleParameters } from '../../tasks/rules/index';
import type { Rule } from '../../tasks/rules/rule';
import { KNOWN_RULE_IDS } from '../../tasks/rules/settings';
import { WardenConfigSchema } from '../../tasks/shared/config';
import { describeError } from '../../tasks/shared/errors';
import { sortExemptions } from '../../tasks/shared/exemption-policy';
import { accountsFileProblems, readJsonFile } from '../files';
import type { CliContext } from '../io';
import { examples, jsonOption } from '../options';

interface ValidateFlags {
  readonly config?: string;
  readonly accounts?: string;
  readonly exemptions?: string;
  readonly json?: boolean;
}

interface Problem {
  readonly file: string;
  readonly level: 'error' | 'warning';
  /** Where in the file: a key path, an account id, an exemption id. */
  readonly at: string;
  readonly problem: string;
}

interface Checked {
  readonly file: string;
  /** One line saying what was found valid. */
  readonly summary: string;
  readonly problems: Problem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resource and event rules alike: what a `warden.rules` entry may name. */
const ALL_RULES: readonly Pick<Rule<unknown>, 'id' | 'parameters'>[] = [
  ...(RULES as readonly Rule<unknown>[]),
  ...(EVENT_RULES as readonly Pick<Rule<unknown>, 'id' | 'parameters'>[]),
];

/** cdk.json: the `warden` key (every issue, then each rule's parameters) and the `warden:*` keys. */
function checkConfig(file: string, raw: unknown): Checked {
  const problems: Problem[] = [];
  const error = (at: string, problem: string) => problems.push({ file, level: 'error', at, problem });
  const context = isRecord(raw) && isRecord(raw.context) ? raw.context : undefined;
  if (context === undefined) {
    error('context', 'no "context" object: the Warden settings live under cdk.json\'s "context"');
    return { file, summary: 'no context', problems };
  }
  const parsed = WardenConfigSchema.safeParse(context.warden ?? {});
  let enabled = 0;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) error(['warden', ...issue.path.map(String)].join('.'), issue.message);
  } else {
    for (const [id, setting] of Object.entries(parsed.data.rules)) {
      if (!KNOWN_RULE_IDS.has(id)) {
        error(`warden.rules.${id}`, 'no such rule (warden rules lists them)');
        continue;
      }
      const rule = ALL_RULES.find((r) => r.id === id);
      if (rule === undefined || setting.parameters === undefined) continue;
      try {
        resolveRuleParameters(rule, setting.parameters);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : describeError(cause);
        error(`warden.rules.${id}.parameters`, message.replace(/^Invalid parameters for rule \S+: /, ''));
      }
    }
    enabled = ALL_RULES.filter((r) => parsed.data.rules[r.id]?.enabled !== false).length;
  }
  const deployment = parseDeploymentContext(Object.fromEntries(contextKeys().map((key) => [key, context[key]])));
  if (!deployment.ok) for (const problem of deployment.problems) error('context', problem);
  for (const key of Object.keys(context).filter((k) => k.startsWith('warden:') && !contextKeys().includes(k))) {
    problems.push({ file, level: 'warning', at: key, problem: 'not a Warden context key: it is ignored' });
  }
  return { file, summary: `${enabled} of ${ALL_RULES.length} rules enabled`, problems };
}

function checkAccounts(file: string, raw: unknown): Checked {
  const problems = accountsFileProblems(raw).map(
    (p): Problem => ({ file, level: 'error', at: p.at, problem: p.problem }),
  );
  const count = Array.isArray(raw) ? raw.length : 0;
  return { file, summary: `${count} account${count === 1 ? '' : 's'}`, problems };
}

function checkExemptions(file: string, raw: unknown, now: Date): Checked {
  if (!Array.isArray(raw)) {
    return {
      file,
      summary: 'not a list',
      problems: [{ file, level: 'error', at: '(file)', problem: 'must hold a JSON array of exemption items' }],
    };
  }
  const sorted = sortExemptions(raw, KNOWN_RULE_IDS, now);
  const problems: Problem[] = [
    ...sorted.invalid.map((p): Problem => ({ file, level: 'error', at: p.exemptionId, problem: p.problem })),
    ...sorted.policy.map(
      (p): Problem => ({
        file,
        level: p.honoured ? 'warning' : 'error',
        at: p.exemptionId,
        problem: p.honoured ? p.problem : `refused by the exemption policy, never matches: ${p.problem}`,
      }),
    ),
    ...sorted.exemptions
      .filter((ex) => ex.expiresAtMs <= now.getTime())
      .map(
        (ex): Problem => ({
          file,
          level: 'warning',
          at: ex.exemptionId,
          problem: `expired on ${ex.expiresAt}: matches nothing`,
        }),
      ),
  ];
  const active = sorted.exemptions.filter((ex) => ex.expiresAtMs > now.getTime()).length;
  return { file, summary: `${raw.length} items, ${active} active`, problems };
}

function render(results: readonly Checked[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const errors = result.problems.filter((p) => p.level === 'error').length;
    lines.push(`${errors === 0 ? 'ok  ' : 'FAIL'}  ${result.file}: ${result.summary}`);
    for (const p of result.problems) lines.push(`      ${p.level}: ${p.at}: ${p.problem}`);
  }
  const errors = results.flatMap((r) => r.problems).filter((p) => p.level === 'error').length;
  const warnings = results.flatMap((r) => r.problems).length - errors;
  lines.push('', `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`, '');
  return lines.join('\n');
}

async function validateCommand(
  flags: ValidateFlags,
  io: { stdout(text: string): void },
  now = new Date(),
): Promise<number> {
  const config = flags.config ?? join(process.cwd(), 'cdk.json');
  const results: Checked[] = [checkConfig(config, await readJsonFile(config, 'config file'))];
  if (flags.accounts !== undefined) {
    results.push(checkAccounts(flags.accounts, await readJsonFile(flags.accounts, 'accounts file')));
  }
  if (flags.exemptions !== undefined) {
    results.push(checkExemptions(flags.exemptions, await readJsonFile(flags.exemptions, 'exemptions file'), now));
  }
  const failed = results.some((r) => r.problems.some((p) => p.level === 'error'));
  io.stdout(flags.json === true ? `${JSON.stringify({ valid: !failed, files: results }, null, 2)}\n` : render(results));
  return failed ? 1 : 0;
}

function register(program: Command, cli: CliContext): void {
  const validate = program
    .command('validate')
    .summary('Checks the config, an accounts file and an exemptions file offline, listing every problem')
    .description(
      "Validates cdk.json's Warden settings (the `warden` key, every rule's parameters, the `warden:*` deployment keys) as the synth would, an accounts file as `sweep --accounts` reads it, and an exemptions file item by item as a sweep sorts it. Exit 0: valid (warnings allowed); 1: errors; 2: a file cannot be read.",
    )
    .option('--config <file>', "the CDK app's cdk.json (default: cdk.json in the current directory)")
    .option('--accounts <file>', 'an accounts file (JSON array, as for sweep --accounts)')
    .option('--exemptions <file>', 'an exemptions file (JSON array of exemption items)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'warden validate',
        'warden validate --accounts accounts.json --exemptions exemptions.json',
        'warden validate --config ../infra/cdk.json --json',
      ),
    )
    .action(async () => cli.exit(await validateCommand(validate.opts<ValidateFlags>(), cli.io)));
}

export type { ValidateFlags };
export { register, validateCommand };
