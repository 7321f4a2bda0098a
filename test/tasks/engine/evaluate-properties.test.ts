/**
 * Property-based: configuration items damaged the way real pipelines damage them (fields deleted,
 * nulled, replaced, stringified, wrapped, emptied) either fail normalization with an
 * `InvalidInputError` that names what is wrong, or are evaluated by every rule without a crash —
 * each resource × applicable rule counted exactly once, every finding NON_COMPLIANT or ERROR with a
 * message. A rule never turns a damaged item into an unhandled exception.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../../local/snapshot';
import { evaluateResources } from '../../../tasks/engine/evaluate';
import { activeRules } from '../../../tasks/rules/settings';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { InvalidInputError } from '../../../tasks/shared/errors';
import type { ConfigurationItem } from '../../../tasks/shared/model';
import { normalizeCi } from '../../../tasks/shared/normalize-ci';
import { mutatedEvent } from '../../support/mutate';

const rules = activeRules(
  parseWardenConfig({
    rules: {
      'ec2-instance-admin-security-group': {
        parameters: {
          adminSecurityGroup: { name: 'admin', tag: { key: 'warden:admin-security-group', value: 'true' } },
        },
      },
    },
  }),
);
let seeds: ConfigurationItem[];

beforeAll(async () => {
  seeds = (await readSnapshot(new URL('../../../examples/estate/snapshot', import.meta.url).pathname)).items;
});

describe('damaged configuration items', () => {
  it('are refused with a reason or evaluated without a crash, each counted once per applicable rule', () => {
    fc.assert(
      fc.property(mutatedEvent(seeds), (raw) => {
        let ci: ConfigurationItem;
        try {
          ci = normalizeCi(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          expect((error as Error).message.length).toBeGreaterThan(10);
          return;
        }
        const result = evaluateResources([ci], rules);
        for (const { rule } of rules) {
          const c = result.counts[rule.id];
          const applies = rule.triggers.sweep && rule.resourceTypes.includes(ci.resourceType) ? 1 : 0;
          expect(c && c.COMPLIANT + c.NON_COMPLIANT + c.NOT_APPLICABLE + c.ERROR, rule.id).toBe(applies);
        }
        for (const f of result.findings) {
          expect(['NON_COMPLIANT', 'ERROR']).toContain(f.status);
          expect(f.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });
});
