/**
 * The event rules a deployment runs, each with its effective mode and parameters, from the same
 * config as the resource rules (`cdk.json` → `WARDEN_CONFIG`, `rules.<id>`) and read the same way
 * (`../settings.ts`, which also rejects ids that name no rule of either kind).
 */
import type { WardenConfig } from '../../shared/config';
import { type Activated, activate } from '../settings';
import type { EventRule } from './event-rule';
import { EVENT_RULES } from './index';

type ActiveEventRule = Activated<EventRule<unknown>>;

/** Every enabled event rule with its settings; bad parameters throw (at synth, and at cold start). */
function activeEventRules(config: WardenConfig): ActiveEventRule[] {
  return activate(EVENT_RULES as readonly EventRule<unknown>[], config);
}

export type { ActiveEventRule };
export { activeEventRules };
