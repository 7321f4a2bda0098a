/** A task's environment is parsed with its manifest: every bad variable named, types and defaults applied. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bind, buildTask, defineTask, parseTaskEnv, TaskEnvironmentError } from '../../../tasks/shared/task-manifest';

const manifest = defineTask({
  name: 'example',
  description: 'Example task',
  env: {
    WARDEN_CONFIG: bind.config(),
    LEDGER_TABLE: bind.table('ledger'),
    DEDUPE_WINDOW_SECONDS: bind.dedupeWindowSeconds(),
    SOURCE: bind.setting('accountsSource', z.enum(['table', 'organizations']).default('table')),
    AGGREGATOR: bind.setting('configAggregatorName', z.string().min(1).optional()),
  },
  access: [{ kind: 'table', table: 'ledger', operations: ['PutItem'] }],
  create: (env, ports: { readonly tag: string }) => ({ env, tag: ports.tag }),
});

const GOOD = { WARDEN_CONFIG: '{}', LEDGER_TABLE: 'Ledger', DEDUPE_WINDOW_SECONDS: '600' };

describe('parseTaskEnv', () => {
  it('parses each variable with its schema: the config, numbers, defaults, absent optionals', () => {
    const env = parseTaskEnv(manifest, GOOD);
    expect(env.LEDGER_TABLE).toBe('Ledger');
    expect(env.DEDUPE_WINDOW_SECONDS).toBe(600);
    expect(env.SOURCE).toBe('table');
    expect(env.AGGREGATOR).toBeUndefined();
    expect(env.WARDEN_CONFIG.defaultRegions).toEqual(['us-east-1']);
  });

  it('names the task and every variable that is missing, empty or does not parse', () => {
    const parse = () =>
      parseTaskEnv(manifest, { WARDEN_CONFIG: '{}', LEDGER_TABLE: '', DEDUPE_WINDOW_SECONDS: 'soon', SOURCE: 'x' });
    expect(parse).toThrow(TaskEnvironmentError);
    expect(parse).toThrow(
      /^task example: environment variable LEDGER_TABLE is not set; DEDUPE_WINDOW_SECONDS: .+; SOURCE: .+$/,
    );
  });

  it('buildTask hands the parsed environment and the ports to create', () => {
    const built = buildTask(manifest, { ...GOOD, AGGREGATOR: 'org' }, { tag: 'local' });
    expect(built.tag).toBe('local');
    expect(built.env.AGGREGATOR).toBe('org');
  });
});
