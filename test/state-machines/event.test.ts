/** The synthesized EventStateMachine: valid ASL, console-readable, nothing the local engine would ignore. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { allStates } from '../../local/bindings';
import { fieldsTheLocalEngineIgnores } from '../../local/ignored-fields';
import { eventTestWorkflows } from '../support/event-app';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

const definition = () => eventTestWorkflows().workflows.event.definition;
type State = Record<string, unknown>;
const state = (name: string) => (definition().States as Record<string, State>)[name] as State;

describe('EventStateMachine definition', () => {
  it('is valid ASL (asl-validator, ARNs and paths checked) and JSONPath only', () => {
    const result = aslValidator(definition(), { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(definition().QueryLanguage).toBeUndefined();
  });

  it('uses no field the local engine ignores', () => {
    expect(fieldsTheLocalEngineIgnores(definition())).toEqual([]);
  });

  it('names its states for what a person watching the console wants to see', () => {
    expect(
      allStates(definition())
        .map((s) => s.name)
        .sort(),
    ).toEqual(
      [
        'Normalize event',
        'Could not normalize',
        'Route event',
        'Rejected',
        'Ignored',
        'Fetch current state',
        'Account unreachable',
        'Current state unknown',
        'Evaluate',
        'Check exemptions',
        'For each finding',
        'Decide',
        'Remediate',
        'Remediation failed',
        'Describe remediation failure',
        'Record remediation',
        'Notify owner',
        'No action',
        'Finding done',
        'Informational rules?',
        'Notify',
        'Notify failed',
        'Event done',
      ].sort(),
    );
    expect(definition().StartAt).toBe('Normalize event');
  });

  it('routes every outcome of Normalize event, defaulting to Rejected', () => {
    const route = state('Route event');
    expect((route.Choices as { StringEquals: string; Next: string }[]).map((c) => [c.StringEquals, c.Next])).toEqual([
      ['REJECTED', 'Rejected'],
      ['IGNORED', 'Ignored'],
      ['RESOURCE', 'Fetch current state'],
      ['NOTIFY', 'Notify'],
    ]);
    expect(route.Default).toBe('Rejected');
    expect(state('Rejected')).toMatchObject({ Type: 'Fail', Error: 'EventRejected', CausePath: '$.reason' });
  });

  it('catches every failure of the event path, and retries transient ones', () => {
    expect(state('Normalize event').Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Could not normalize' }]);
    expect(
      (state('Fetch current state').Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => [
        c.ErrorEquals,
        c.Next,
      ]),
    ).toEqual([
      [['AccountUnreachableError'], 'Account unreachable'],
      [['States.ALL'], 'Current state unknown'],
    ]);
    for (const name of ['Normalize event', 'Fetch current state', 'Evaluate', 'Check exemptions', 'Notify']) {
      expect((state(name).Retry as { ErrorEquals: string[] }[])[0]?.ErrorEquals).toContain('Lambda.ServiceException');
    }
  });
});
