/**
 * The local bindings build each task from its manifest and its synthesized function's environment,
 * as the Lambda entry does: what the environment says is honoured or refused by name, never ignored.
 */
import { describe, expect, it } from 'vitest';
import { bindTasks } from '../../local/bindings';
import type { EmbeddedDynamoDb } from '../../local/embedded-dynamodb';
import { functionEnvironment } from '../../local/extract';
import { localEventTasks } from '../../local/local-event-tasks';
import { localTasks, NotAvailableLocallyError } from '../../local/local-tasks';
import { MemoryObjectStore } from '../../local/memory-store';
import { holdingsOf } from '../../local/snapshot-holdings';
import { snapshotSource } from '../../local/snapshot-source';
import { cdkJsonContext, eventWorkflows, localContext, synthesizeWorkflows, workflows } from '../../local/workflows';
import { fixedKillSwitch } from '../../tasks/shared/kill-switch';
import { TaskEnvironmentError } from '../../tasks/shared/task-manifest';

/** Nothing runs in these tests: the tasks are only built, so the store is never called. */
const dynamodb = { documents: {} } as unknown as EmbeddedDynamoDb;

function sweepTasks() {
  return localTasks({
    dynamodb,
    store: new MemoryObjectStore(),
    source: snapshotSource(holdingsOf([])),
    killSwitch: fixedKillSwitch('off'),
    events: [],
    publish: () => {},
  });
}

/** The logical id of the template's function for `task`. */
function functionOf(template: ReturnType<typeof workflows>['template'], task: string): string {
  const found = Object.keys(template.Resources).find(
    (id) =>
      template.Resources[id]?.Type === 'AWS::Lambda::Function' &&
      functionEnvironment(template, id).WARDEN_TASK === task,
  );
  if (found === undefined) throw new Error(`no function for ${task}`);
  return found;
}

describe('local tasks from their manifests', () => {
  it('binds every Task of the sweep from the repository cdk.json (Accounts table source)', () => {
    const wf = workflows();
    expect(() => bindTasks(wf.sweep, { template: wf.template, tasks: sweepTasks(), outbox: [] })).not.toThrow();
  });

  it('refuses, naming ACCOUNTS_SOURCE, a sweep synthesized to read the accounts from AWS Organizations', () => {
    const wf = synthesizeWorkflows({
      ...cdkJsonContext(),
      'warden:accountsSource': 'organizations',
      'warden:orgId': 'o-abcd123456',
    });
    const bind = () => bindTasks(wf.sweep, { template: wf.template, tasks: sweepTasks(), outbox: [] });
    expect(bind).toThrow(NotAvailableLocallyError);
    expect(bind).toThrow(/ACCOUNTS_SOURCE/);
  });

  it('binds every Task of a sweep whose cdk.json turns the Security Hub import on: a local run leaves that AWS-only state out', () => {
    const deployed = { ...cdkJsonContext(), 'warden:securityHub': true };
    const unbound = synthesizeWorkflows(deployed);
    expect(JSON.stringify(unbound.sweep.definition)).toContain('Send to Security Hub');
    expect(() => bindTasks(unbound.sweep, { template: unbound.template, tasks: sweepTasks(), outbox: [] })).toThrow();
    const wf = synthesizeWorkflows(localContext(deployed));
    expect(JSON.stringify(wf.sweep.definition)).not.toContain('Send to Security Hub');
    expect(() => bindTasks(wf.sweep, { template: wf.template, tasks: sweepTasks(), outbox: [] })).not.toThrow();
  });

  it('refuses an event mode the Lambda would refuse (WARDEN_EVENT_MODE), instead of running without its ceiling', () => {
    const wf = eventWorkflows();
    const env = functionEnvironment(wf.template, functionOf(wf.template, 'normalize-event'));
    const tasks = localEventTasks({
      dynamodb,
      store: new MemoryObjectStore(),
      items: [],
      killSwitch: fixedKillSwitch('off'),
      events: [],
      outbox: [],
    });
    const build = tasks['normalize-event'];
    expect(build).toBeDefined();
    expect(() => build?.(env)).not.toThrow();
    expect(() => build?.({ ...env, WARDEN_EVENT_MODE: 'everything' })).toThrow(TaskEnvironmentError);
    expect(() => build?.({ ...env, WARDEN_EVENT_MODE: 'everything' })).toThrow(/WARDEN_EVENT_MODE/);
  });
});
