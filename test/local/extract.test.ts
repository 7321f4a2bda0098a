import { describe, expect, it } from 'vitest';
import { bindTasks } from '../../local/bindings';
import { extractStateMachines, functionEnvironment, type Template, tableSchemas } from '../../local/extract';

const template: Template = {
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Environment: { Variables: { WARDEN_TASK: 'evaluate', TABLE: { Ref: 'Tbl' } } } },
    },
    Tbl: {
      Type: 'AWS::DynamoDB::GlobalTable',
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      },
    },
    Topic: { Type: 'AWS::SNS::Topic' },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionString: {
          'Fn::Join': [
            '',
            [
              '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"',
              { 'Fn::GetAtt': ['Fn', 'Arn'] },
              '","Next":"B"},"B":{"Type":"Task","Resource":"arn:',
              { Ref: 'AWS::Partition' },
              ':states:::sns:publish","Parameters":{"TopicArn":"',
              { Ref: 'Topic' },
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
              '","Message":"${Sub}"},"End":true}}}',
            ],
          ],
        },
        DefinitionSubstitutions: { Sub: { Ref: 'Tbl' } },
      },
    },
  },
};

describe('extracting definitions from a template', () => {
  it('resolves Ref, GetAtt and Join to placeholders and records what each names', () => {
    const machine = extractStateMachines(template).get('Machine');
    expect(machine?.definition).toEqual({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Fn', Next: 'B' },
        B: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:Topic', Message: 'Tbl' },
          End: true,
        },
      },
    });
    expect(machine?.placeholders.get('arn:aws:lambda:us-east-1:123456789012:function:Fn')).toEqual({
      logicalId: 'Fn',
      type: 'AWS::Lambda::Function',
    });
  });

  it('gives a function the environment its code would see', () => {
    expect(functionEnvironment(template, 'Fn')).toEqual({ WARDEN_TASK: 'evaluate', TABLE: 'Tbl' });
  });

  it('reads table key schemas', () => {
    expect(tableSchemas(template)).toEqual([
      {
        tableName: 'Tbl',
        keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        globalSecondaryIndexes: [],
      },
    ]);
  });

  it('refuses intrinsics it cannot resolve instead of guessing', () => {
    const bad: Template = {
      Resources: {
        M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::ImportValue': 'x' } } },
      },
    };
    expect(() => extractStateMachines(bad)).toThrow(/cannot resolve Fn::ImportValue/);
  });
});

describe('binding Tasks to local handlers', () => {
  const machine = extractStateMachines(template).get('Machine');
  if (machine === undefined) throw new Error('no machine');

  it('binds Lambda tasks by WARDEN_TASK and SNS publishes to the outbox', async () => {
    const outbox: unknown[] = [];
    const handlers = bindTasks(machine, {
      template,
      outbox: outbox as never,
      tasks: { evaluate: (env) => async (event) => ({ env, event }) },
    });
    expect(await handlers.A?.({ x: 1 })).toEqual({ env: { WARDEN_TASK: 'evaluate', TABLE: 'Tbl' }, event: { x: 1 } });
    await handlers.B?.({ TopicArn: 't', Message: 'm' });
    expect(outbox).toEqual([{ state: 'B', TopicArn: 't', Message: 'm' }]);
  });

  it('fails loudly when a Task has no local handler, rather than calling real AWS', () => {
    expect(() => bindTasks(machine, { template, outbox: [], tasks: {} })).toThrow(
      /no local handler for Lambda task "evaluate"/,
    );
    const other = {
      ...machine,
      definition: {
        StartAt: 'X',
        States: { X: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask', End: true } },
      },
    };
    expect(() => bindTasks(other, { template, outbox: [], tasks: {} })).toThrow(/refusing to let it call real AWS/);
  });
});
