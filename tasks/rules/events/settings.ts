/**
 * The event rules a deployment runs, each with its effective mode and parameters, from the same
 * config as the resource rules (`cdk.json` → `WARDEN_CONFIG`, `rules.<id>`). Settings for ids that
 * are not event rules are left to the resource rules' own check (`../settings.ts`).
 */
import type { WardenConfig } from '../../shared/config';
import type { Mode } from '../../shared/model';
import { resolveRuleParameters } from '../index';
import { type ActiveRule, activeRules } from '../settings';
import type { EventRule } from './event-rule';
import { EVENT_RULES } from './index';

interface ActiveEventRule {
  readonly rule: EventRule<unknown>;
  readonly mode: Mode;
  readonly params: unknown;
}

/** Same parsing and messages as the resource rules' parameters. */
const resolveEventRuleParameters: <P>(rule: EventRule<P>, overrides: unknown) => P = resolveRuleParameters;

/** Every enabled event rule with its settings; bad parameters throw (at synth, and at cold start). */
function activeEventRules(config: WardenConfig): ActiveEventRule[] {
  const active: ActiveEventRule[] = [];
  for (const rule of EVENT_RULES as readonly EventRule<unknown>[]) {
    const setting = config.rules[rule.id];
    if (setting?.enabled === false) continue;
    active.push({
      rule,
      mode: setting?.mode ?? rule.defaultMode,
      params: resolveEventRuleParameters(rule, setting?.parameters ?? {}),
    });
  }
  return active;
}

/** The config without the event rules' settings: what the resource rules' own check accepts. */
function withoutEventRules(config: WardenConfig): WardenConfig {
  const ids = new Set(EVENT_RULES.map((r) => r.id));
  return { ...config, rules: Object.fromEntries(Object.entries(config.rules).filter(([id]) => !ids.has(id))) };
}

/**
 * The enabled resource rules of a config that may also hold event rules' settings (`activeRules`
 * alone rejects ids it does not know, event rule ids included).
 */
function activeResourceRules(config: WardenConfig): ActiveRule[] {
  return activeRules(withoutEventRules(config));
}

export type { ActiveEventRule };
export { activeEventRules, activeResourceRules, resolveEventRuleParameters, withoutEventRules };
