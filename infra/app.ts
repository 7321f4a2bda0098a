/**
 * Builds the Warden CDK app. `bin/app.ts` (the `cdk` entry) and the local runner both call this,
 * so the definition run offline is the one `cdk deploy` ships.
 */
import { App } from 'aws-cdk-lib';
import { parseWardenConfig } from '../tasks/shared/config';
import { MODES, type Mode } from '../tasks/shared/model';
import { CentralStack } from './stacks/central-stack';

const CENTRAL_STACK_NAME = 'WardenCentral';

interface BuildAppOptions {
  /** CDK context (what `cdk.json` holds); the CLI supplies it itself when run by `cdk`. */
  readonly context?: Record<string, unknown>;
  /** Skip Lambda bundling (tests and the local runner never deploy the code). @default false */
  readonly skipBundling?: boolean;
}

function buildApp(options: BuildAppOptions = {}): { app: App; central: CentralStack } {
  const app = new App({
    context: {
      ...options.context,
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const config = parseWardenConfig(app.node.tryGetContext('warden'));
  const externalId = String(app.node.tryGetContext('warden:externalId') ?? 'warden');
  const scheduledMode = app.node.tryGetContext('warden:scheduledMode') as Mode | undefined;
  if (scheduledMode !== undefined && !MODES.includes(scheduledMode)) {
    throw new Error(`context warden:scheduledMode must be one of ${MODES.join(', ')}`);
  }
  const central = new CentralStack(app, CENTRAL_STACK_NAME, {
    description: 'Warden: audits AWS accounts against rules and remediates or notifies (central stack)',
    config,
    externalId,
    ...(scheduledMode !== undefined ? { scheduledMode } : {}),
  });
  return { app, central };
}

export { buildApp, CENTRAL_STACK_NAME };
