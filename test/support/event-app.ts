/**
 * The central stack with the event workflow in it, for tests: the app exactly as `buildApp` makes
 * it, plus — until the central stack instantiates `EventWorkflow` itself — one EventWorkflow wired
 * to the stack's own bus, topic, tables, bucket, key, kill switch and sweep functions (the wiring
 * the central stack is to have). Synthesized once per test file.
 */
import type { App } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { buildApp } from '../../infra/app';
import { EventWorkflow } from '../../infra/constructs/event-workflow';
import { CENTRAL_STACK_NAME } from '../../infra/names';
import type { CentralStack } from '../../infra/stacks/central-stack';
import type { Template } from '../../local/extract';
import { cdkJsonContext, type EventWorkflows, eventWorkflowsOf } from '../../local/workflows';

/** What the central stack may offer (it is being extended in parallel; every piece is optional here). */
interface CentralPieces {
  readonly eventBus?: { readonly bus: events.IEventBus };
  readonly key?: { readonly key: kms.IKey };
  readonly killSwitch?: ssm.IStringParameter;
  readonly organizationId?: string;
  readonly deadLetterQueue?: sqs.IQueue;
}

interface EventApp {
  readonly app: App;
  readonly central: CentralStack;
  readonly events: EventWorkflow;
}

function findEventWorkflow(central: CentralStack): EventWorkflow | undefined {
  return central.node.findAll().find((c): c is EventWorkflow => c instanceof EventWorkflow);
}

/** The app with the event workflow in its central stack. `context` defaults to cdk.json's. */
function buildEventApp(context: Record<string, unknown> = cdkJsonContext()): EventApp {
  const { app, central } = buildApp({ context, skipBundling: true });
  const existing = findEventWorkflow(central);
  if (existing !== undefined) return { app, central, events: existing };
  const pieces = central as unknown as CentralPieces;
  const config = JSON.stringify(central.node.tryGetContext('warden') ?? {});
  const workflow = new EventWorkflow(central, 'EventWorkflow', {
    bus: pieces.eventBus?.bus ?? new events.EventBus(central, 'TestEventBus'),
    topic: central.topic,
    tables: central.tables,
    artifacts: central.artifacts,
    configJson: config,
    externalId: 'warden',
    organizationId: pieces.organizationId ?? 'o-abcdefghij',
    killSwitch:
      pieces.killSwitch ??
      new ssm.StringParameter(central, 'TestKillSwitch', { parameterName: '/warden/kill-switch', stringValue: 'off' }),
    remediateFunction: central.sweep.functions.remediate,
    recordRemediationFunction: central.sweep.functions.recordRemediation,
    ...(pieces.key === undefined ? {} : { encryptionKey: pieces.key.key }),
    ...(pieces.deadLetterQueue === undefined ? {} : { deadLetterQueue: pieces.deadLetterQueue }),
  });
  return { app, central, events: workflow };
}

let cached: { template: Template; workflows: EventWorkflows } | undefined;

/** The synthesized central template and its event workflow (cached per test file). */
function eventTestWorkflows(): { template: Template; workflows: EventWorkflows } {
  if (cached === undefined) {
    const { app } = buildEventApp();
    const template = app.synth().getStackByName(CENTRAL_STACK_NAME).template as Template;
    cached = { template, workflows: eventWorkflowsOf(template) };
  }
  return cached;
}

export { buildEventApp, eventTestWorkflows, findEventWorkflow };
