/**
 * The global kill switch: an SSM parameter (`/warden/kill-switch` by default) operators flip to stop
 * Warden from remediating — or from doing anything but report — without a deploy. Values:
 * `off` (normal), `notify` (never remediate, still notify), `audit` (only report). It is read when
 * findings are decided and again right before each remediation is sent.
 */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { describeError } from './errors';
import type { Mode } from './model';

/** The ceiling the kill switch puts on every mode (`undefined`: no ceiling), and why. */
interface KillSwitchState {
  readonly ceiling?: Mode;
  readonly reason: string;
}

type KillSwitch = () => Promise<KillSwitchState>;

/**
 * The values the parameter may hold, and the ceiling each puts on every mode. A Map, not an object
 * literal: an operator's value is looked up as given, so `constructor` or `__proto__` must be an
 * unknown value, never something inherited from Object.prototype.
 */
const VALUES: ReadonlyMap<string, Mode | undefined> = new Map<string, Mode | undefined>([
  ['off', undefined],
  ['remediate', undefined],
  ['notify', 'notify'],
  ['audit', 'audit'],
]);

/** Reads the parameter, caching it briefly. Unreadable or unknown values fail safe: `notify`. */
function ssmKillSwitch(ssm: SSMClient, parameterName: string, cacheMs = 5_000, now = () => Date.now()): KillSwitch {
  let cached: { at: number; state: KillSwitchState } | undefined;
  return async () => {
    if (cached !== undefined && now() - cached.at < cacheMs) return cached.state;
    const state = await read(ssm, parameterName);
    cached = { at: now(), state };
    return state;
  };
}

async function read(ssm: SSMClient, name: string): Promise<KillSwitchState> {
  let value: string | undefined;
  try {
    value = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if ((error as Error).name === 'ParameterNotFound') return { reason: `kill switch ${name} is not set` };
    return {
      ceiling: 'notify',
      reason: `kill switch ${name} could not be read (${describeError(error)}); failing safe to notify`,
    };
  }
  const key = (value ?? '').trim().toLowerCase();
  if (!VALUES.has(key)) {
    return { ceiling: 'notify', reason: `kill switch ${name} has unknown value "${value}"; failing safe to notify` };
  }
  const ceiling = VALUES.get(key);
  return ceiling === undefined
    ? { reason: `kill switch ${name} is off` }
    : { ceiling, reason: `kill switch ${name} is ${ceiling}` };
}

/** A fixed kill switch (local runs, tests). */
function fixedKillSwitch(value: 'off' | 'notify' | 'audit'): KillSwitch {
  const ceiling = VALUES.get(value);
  const state: KillSwitchState =
    ceiling === undefined ? { reason: 'kill switch is off' } : { ceiling, reason: `kill switch is ${ceiling}` };
  return async () => state;
}

export type { KillSwitch, KillSwitchState };
export { fixedKillSwitch, ssmKillSwitch };
