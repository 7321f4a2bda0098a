/** The synthesized definitions are valid ASL and use nothing the local engine would silently ignore. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { allStates } from '../../local/bindings';
import { fieldsTheLocalEngineIgnores } from '../../local/ignored-fields';
import { workflows } from '../../local/workflows';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

const definitions = () => ({ sweep: workflows().sweep.definition });

describe('synthesized state machine definitions', () => {
  it.each(Object.keys(definitions()))('%s is valid ASL (asl-validator, ARNs and paths checked)', (name) => {
    const result = aslValidator(definitions()[name as 'sweep'], { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it.each(Object.keys(definitions()))('%s uses no field the local engine ignores', (name) => {
    // Allow-list: none. A new entry here needs a lowering transform in local/ and a test of it.
    expect(fieldsTheLocalEngineIgnores(definitions()[name as 'sweep'])).toEqual([]);
  });

  it('the guard finds every ignored field it knows of', () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: {},
          ItemBatcher: {},
          ToleratedFailurePercentage: 5,
          MaxConcurrency: 0,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'T',
            States: {
              T: {
                Type: 'Task',
                Resource: 'arn:aws:states:::ecs:runTask.sync',
                Credentials: {},
                Assign: {},
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    expect(fieldsTheLocalEngineIgnores(definition).map((f) => `${f.state}.${f.field}`)).toEqual([
      'M.ItemBatcher',
      'M.ItemReader',
      'M.ToleratedFailurePercentage',
      'M.ProcessorConfig',
      'M.MaxConcurrency: 0',
      'T.Assign',
      'T.Credentials',
      'T.Resource arn:aws:states:::ecs:runTask.sync',
    ]);
  });

  it('names states for what a person watching the console wants to see', () => {
    const names = allStates(definitions().sweep).map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Resolve targets',
        'For each account',
        'Collect resources',
        'Evaluate rules',
        'Check exemptions',
        'For each finding',
        'Decide',
        'Remediate',
        'Record remediation',
        'Notify owner',
        'Account unreachable',
        'Summarize',
      ]),
    );
    for (const name of names) expect(name).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
  });

  it('has a comment on every state', () => {
    for (const { name, state } of allStates(definitions().sweep)) {
      expect(typeof state.Comment === 'string' && state.Comment.length > 10, name).toBe(true);
    }
  });
});
