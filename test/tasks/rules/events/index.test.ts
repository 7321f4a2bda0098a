/** The event rule registry: ids unique across both registries, one file per rule, defaults parse, triggers declared. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_RULES, eventRuleById } from '../../../../tasks/rules/events/index';
import { activeEventRules } from '../../../../tasks/rules/events/settings';
import { RULES } from '../../../../tasks/rules/index';
import { parseWardenConfig } from '../../../../tasks/shared/config';
import { InvalidInputError } from '../../../../tasks/shared/errors';

describe('event rule registry', () => {
  it('holds the informational rules of the catalogue (DESIGN §5), each once', () => {
    // The catalogue's ids stay (public contract); a new event rule is found by the conformance test.
    expect(EVENT_RULES.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'vpc-created',
        'console-login-failure',
        'ssm-parameter-change',
        'dynamodb-table-created',
        'watched-api-call',
      ]),
    );
    const all = [...RULES.map((r) => r.id), ...EVENT_RULES.map((r) => r.id)];
    expect(new Set(all).size).toBe(all.length);
    expect(eventRuleById('vpc-created')?.title).toBe('A VPC was created');
    expect(eventRuleById('s3-bucket-encryption')).toBeUndefined();
  });

  it.each(EVENT_RULES.map((r) => [r.id, r] as const))(
    '%s lives in its own file, parses its defaults, declares a trigger',
    (id, rule) => {
      expect(existsSync(path.resolve(process.cwd(), `tasks/rules/events/${id}.ts`))).toBe(true);
      expect(() => rule.parameters.parse({})).not.toThrow();
      const t = rule.triggers;
      expect(
        (t.cloudTrail?.length ?? 0) > 0 || t.signIn === true || t.parameterStore === true || t.watchList === true,
      ).toBe(true);
      expect(rule.defaultMode).toBe('notify');
    },
  );

  it('takes enabled, mode and parameters from the deployment config, and rejects bad parameters', () => {
    const config = parseWardenConfig({
      rules: {
        'vpc-created': { enabled: false },
        'console-login-failure': { mode: 'audit', parameters: { notifyWithoutMfa: false } },
      },
    });
    const active = activeEventRules(config);
    expect(active.map((a) => a.rule.id)).not.toContain('vpc-created');
    const login = active.find((a) => a.rule.id === 'console-login-failure');
    expect([login?.mode, login?.params]).toEqual([
      'audit',
      { notifyWithoutMfa: false, includeFederatedWithoutMfa: false },
    ]);
    const bad = parseWardenConfig({ rules: { 'ssm-parameter-change': { parameters: { cloudTrailWrites: 'yes' } } } });
    expect(() => activeEventRules(bad)).toThrow(InvalidInputError);
    expect(() => activeEventRules(bad)).toThrow(/Invalid parameters for rule ssm-parameter-change: cloudTrailWrites/);
  });
});
