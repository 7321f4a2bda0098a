/**
 * The rules a deployment runs, each with its effective mode and parameters: the registry
 * (`./index`) combined with the deployment's config (`cdk.json` → `WARDEN_CONFIG`).
 */
import type { WardenConfig } from '../shared/config';
import { InvalidInputError } from '../shared/errors';
import type { Mode } from '../shared/model';
import { EVENT_RULES } from './events/index';
import { RULES, resolveRuleParameters } from './index';
import type { Rule } from './rule';

/** Resource and event rule ids: what config and exemption items may name. */
const KNOWN_RULE_IDS: ReadonlySet<string> = new Set([...RULES, ...EVENT_RULES].map((r) => r.id));

/** A rule as a deployment runs it: enabled, with its effective mode and parameters. */
interface Activated<R> {
  readonly rule: R;
  readonly mode: Mode;
  readonly params: unknown;
}

type ActiveRule = Activated<Rule<unknown>>;

/** The rules of `registry` that `config` enables, each with its mode and parameters; bad parameters throw. */
function activate<R extends Pick<Rule<unknown>, 'id' | 'defaultMode' | 'parameters'>>(
  registry: readonly R[],
  config: WardenConfig,
): Activated<R>[] {
  return registry
    .filter((rule) => config.rules[rule.id]?.enabled !== false)
    .map((rule) => {
      const setting = config.rules[rule.id];
      return {
        rule,
        mode: setting?.mode ?? rule.defaultMode,
        params: resolveRuleParameters(rule, setting?.parameters ?? {}),
      };
    });
}

/**
 * Every enabled resource rule with its settings. Throws on config naming a rule that does not exist
 * (neither a resource rule nor an event rule, whose settings `./events/settings` reads), so a typo
 * fails the deployment (at synth) instead of silently running with defaults.
 */
function activeRules(config: WardenConfig): ActiveRule[] {
  for (const id of Object.keys(config.rules)) {
    if (!KNOWN_RULE_IDS.has(id)) throw new InvalidInputError(`Warden config names unknown rule "${id}"`);
  }
  return activate(RULES as readonly Rule<unknown>[], config);
}

/** Narrows to the rules an execution asked for (`rules` input / `--rules`); unknown ids are an input error. */
function selectRules(active: readonly ActiveRule[], only: readonly string[] | undefined): ActiveRule[] {
  if (only === undefined || only.length === 0) return [...active];
  const byId = new Map(active.map((a) => [a.rule.id, a]));
  return only.map((id) => {
    const found = byId.get(id);
    if (found === undefined) {
      throw new InvalidInputError(`rule "${id}" is not an enabled rule (enabled: ${[...byId.keys()].join(', ')})`);
    }
    return found;
  });
}

export type { Activated, ActiveRule };
export { activate, activeRules, KNOWN_RULE_IDS, selectRules };
