/**
 * `npm run -s bench -- --json` prints one JSON document with exactly the four sections issue 8 names,
 * each with its figures as numbers. Run at a tiny scale: this checks the contract, never the timings.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('npm run -s bench -- --json', () => {
  it('prints the four sections with their numeric figures', () => {
    const stdout = execFileSync('npx', ['tsx', 'bench/index.ts', '--json', '--scale', '0.002'], {
      cwd: ROOT,
      encoding: 'utf-8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 120_000,
    });
    const doc = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(doc)).toEqual(['cost', 'offline', 'apiCalls', 'event']);
    const numbers = (section: string, keys: readonly string[]) => {
      for (const key of keys) expect(typeof doc[section]?.[key], `${section}.${key}`).toBe('number');
    };
    numbers('cost', ['standardTransitionsPer1k', 'lambdaInvocationsPer1k', 'usdPerMillionEvaluations']);
    numbers('offline', ['seconds', 'resourcesPerSecond', 'peakRssMB', 'ratioToJsonParse']);
    numbers('apiCalls', ['ec2CallsPer1kResources', 'assumeRolePerAccount']);
    numbers('event', ['p50Ms', 'p99Ms']);
    expect(doc.apiCalls?.calls).toMatchObject({ 'sts:AssumeRole': 1 });
    // Every collector's every call is answered by a stub: a new service without one would reach AWS.
    expect(doc.apiCalls?.readErrors).toBe(0);
    expect(doc.cost?.resources).toBe(1000);
    expect(doc.event?.events).toBe(2);
  }, 180_000);
});
