/**
 * The synthesized central template and its event workflow, for tests: the app exactly as `buildApp`
 * makes it from cdk.json's context. Synthesized once per test file.
 */
import type { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app';
import type { EventWorkflow } from '../../infra/constructs/event-workflow';
import { CENTRAL_STACK_NAME } from '../../infra/names';
import type { CentralStack } from '../../infra/stacks/central-stack';
import type { Template } from '../../local/extract';
import { cdkJsonContext, type EventWorkflows, eventWorkflowsOf } from '../../local/workflows';
import { testOutdir } from './synthesis';

interface EventApp {
  readonly app: App;
  readonly central: CentralStack;
  readonly events: EventWorkflow;
}

/** The app and its central stack's event workflow. `context` defaults to cdk.json's. */
function buildEventApp(context: Record<string, unknown> = cdkJsonContext()): EventApp {
  const { app, central } = buildApp({ context, skipBundling: true, outdir: testOutdir() });
  return { app, central, events: central.events };
}

let cached: { template: Template; workflows: EventWorkflows } | undefined;

/**
 * The synthesized central template and its event workflow (cached per test file), as a deployment that
 * raised the event path's ceiling to remediate (`warden:eventMode`; the default is notify), so the tests
 * see what each rule's own mode makes of an event.
 */
function eventTestWorkflows(): { template: Template; workflows: EventWorkflows } {
  if (cached === undefined) {
    const { app } = buildEventApp({ ...cdkJsonContext(), 'warden:eventMode': 'remediate' });
    const template = app.synth().getStackByName(CENTRAL_STACK_NAME).template as Template;
    cached = { template, workflows: eventWorkflowsOf(template) };
  }
  return cached;
}

export { buildEventApp, eventTestWorkflows };
