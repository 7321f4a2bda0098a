/** The synthesized definitions are valid ASL and use nothing the local engine would silently ignore. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { allStates } from '../../local/bindings';
import { fieldsTheLocalEngineIgnores } from '../../local/ignored-fields';
import { lowerDistributedMaps } from '../../local/lower-distributed-map';
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

  it('uses no field the local engine ignores but those of For each account, which the local runner lowers', () => {
    // Allow-list: the Distributed Map's fields. Anything new here needs the lowering (local/lower-distributed-map.ts) and a test.
    const fields = fieldsTheLocalEngineIgnores(definitions().sweep).map((f) => `${f.state}.${f.field}`);
    expect(fields.sort()).toEqual(
      [
        'For each account.ItemReader',
        'For each account.ResultWriter',
        'For each account.ToleratedFailurePercentage',
        'For each account.Label',
        'For each account.ProcessorConfig',
      ].sort(),
    );
    const lowered = lowerDistributedMaps(definitions().sweep, { stateMachineName: 'Sweep' });
    expect(fieldsTheLocalEngineIgnores(lowered.definition)).toEqual([]);
  });

  it('runs For each account as a Distributed Map of Express children, reading targets from S3 and writing results to S3', () => {
    const map = (definitions().sweep.States as Record<string, Record<string, unknown>>)['For each account'];
    expect(map).toMatchObject({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Key.$': '$.targetsRef' },
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Prefix: 'account-results' },
        WriterConfig: { Transformation: 'NONE', OutputType: 'JSON' },
      },
      ToleratedFailurePercentage: 100,
      Label: 'ForEachAccount',
      MaxConcurrency: 100,
    });
    expect(map).not.toHaveProperty('ItemsPath');
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
        'Notify owners',
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
