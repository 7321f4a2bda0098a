/**
 * The deployed definitions, for local runs: the CDK app is built with the `cdk.json` context
 * (exactly what `cdk synth` sees), synthesized, and the state machines are read out of the
 * template. Built once per process.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, CENTRAL_STACK_NAME } from '../infra/app';
import { REPO_ROOT } from '../infra/constructs/task-function';
import { type ExtractedStateMachine, extractStateMachines, type Template } from './extract';

interface Workflows {
  readonly template: Template;
  readonly sweep: ExtractedStateMachine;
}

let cached: Workflows | undefined;

/** The context `cdk.json` gives the app: the same rule modes and parameters as the deployment. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${REPO_ROOT}cdk.json`, 'utf-8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/**
 * The context a local run synthesizes with: the deployment's, without what only exists in AWS — the
 * Security Hub import (`warden:securityHub`) sends to each account's Security Hub, which a local run
 * has none of (`--format asff` is its offline counterpart), so its state is left out.
 */
function localContext(context: Record<string, unknown>): Record<string, unknown> {
  return { ...context, 'warden:securityHub': false };
}

/**
 * Synthesizes into a private directory and removes it once the template is read: only the template
 * is kept (in memory), and nothing is left in the system temp dir, however the process ends.
 */
function synthesizeWorkflows(context: Record<string, unknown> = localContext(cdkJsonContext())): Workflows {
  const outdir = mkdtempSync(join(tmpdir(), 'warden-synth-'));
  let template: Template;
  try {
    const { app } = buildApp({ context, skipBundling: true, outdir });
    template = app.synth().getStackByName(CENTRAL_STACK_NAME).template as Template;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const machines = [...extractStateMachines(template).values()];
  const sweep = machines.find((m) => m.logicalId.includes('SweepStateMachine'));
  if (sweep === undefined) throw new Error(`${CENTRAL_STACK_NAME} has no SweepStateMachine`);
  return { template, sweep };
}

/** The workflows of the repository's own `cdk.json`, synthesized on first use. */
function workflows(): Workflows {
  cached ??= synthesizeWorkflows();
  return cached;
}

interface EventWorkflows {
  readonly template: Template;
  readonly event: ExtractedStateMachine;
}

/** The `EventStateMachine` of a synthesized central template. */
function eventWorkflowsOf(template: Template): EventWorkflows {
  const machines = [...extractStateMachines(template).values()];
  const event = machines.find((m) => m.logicalId.includes('EventStateMachine'));
  if (event === undefined) {
    throw new Error(
      `${CENTRAL_STACK_NAME} has no EventStateMachine (is the EventWorkflow construct in the central stack?)`,
    );
  }
  return { template, event };
}

/** The event workflow of the repository's own `cdk.json`, from the same (cached) synthesis as `workflows()`. */
function eventWorkflows(): EventWorkflows {
  return eventWorkflowsOf(workflows().template);
}

export type { EventWorkflows, Workflows };
export { cdkJsonContext, eventWorkflows, eventWorkflowsOf, localContext, synthesizeWorkflows, workflows };
