/**
 * Builds the Warden CDK app. `bin/app.ts` (the `cdk` entry) and the local runner both call this,
 * so the definition run offline is the one `cdk deploy` ships.
 *
 * Context (cdk.json or `-c key=value`), all validated here:
 * - `warden`: rules, modes, parameters (tasks/shared/config.ts);
 * - `warden:externalId`: external id of the member roles (default `warden`);
 * - `warden:scheduledMode`: ceiling of the daily sweep (`audit` | `notify` | `remediate`; default `audit`);
 * - `warden:eventMode`: ceiling of event-triggered executions (default `notify`): a first deploy changes nothing;
 * - `warden:orgId`: the organization id, default of both stacks' `OrganizationId` parameter;
 * - `warden:accountsSource`: `table` (default) | `organizations` | `both`;
 * - `warden:memberOus`: OU/root ids → the member StackSet is created, in `warden:memberRegions`
 *   (default: the config's `defaultRegions`), with `warden:stackSetCallAs` (`SELF` | `DELEGATED_ADMIN`);
 * - `warden:centralAccountId`, `warden:centralRegion`: defaults of the member stack's parameters
 *   for `cdk deploy WardenMember` in a member account;
 * - `warden:operatorEmails`: e-mail addresses subscribed to the notification topic;
 * - `warden:accountConcurrency`: accounts swept at once (`For each account`'s MaxConcurrency, 1 to 10,000; default 100);
 * - `warden:configAggregator`: name of the AWS Config aggregator in this account that `Collect
 *   resources` reads for accounts whose registry item says `"source": "config"`;
 * - `warden:slackWebhookSecret`: name or ARN of the Secrets Manager secret holding a Slack incoming-webhook
 *   URL → the event workflow's Slack subscriber is deployed, posting notifications at least as severe as
 *   `warden:slackMinimumSeverity` (default: every severity);
 * - `warden:trailBucket`: the organisation trail's bucket → its log files are forwarded to the event path
 *   (`infra/constructs/trail-forwarder.ts`), with `warden:trailKeyPrefix` (the trail's S3 key prefix),
 *   `warden:trailBucketAccount` (its owner, checked on the queue) and `warden:trailKmsKey` (the key the
 *   trail encrypts with).
 */
import { App } from 'aws-cdk-lib';
import type { AwsSolutionsChecks } from 'cdk-nag';
import { parseWardenConfig } from '../tasks/shared/config';
import { contextKeys, type DeploymentContext, parseDeploymentContext } from './context';
import { addNagChecks } from './nag';
import { CENTRAL_STACK_NAME, MEMBER_STACK_NAME } from './names';
import { CentralStack } from './stacks/central-stack';
import { MemberStack } from './stacks/member-stack';

interface BuildAppOptions {
  /** CDK context (what `cdk.json` holds); the CLI supplies it itself when run by `cdk`. */
  readonly context?: Record<string, unknown>;
  /** Skip Lambda bundling (tests and the local runner never deploy the code). @default false */
  readonly skipBundling?: boolean;
  /**
   * Run cdk-nag `AwsSolutionsChecks` at synthesis: `app.synth()` throws on any unacknowledged
   * finding. @default false (the local runner only needs the definitions)
   */
  readonly nag?: boolean;
  /**
   * CDK's built-in CloudFormation template validation at synthesis (about 2-3 s on first use).
   * @default true, except with `skipBundling` and without `nag` (tests and the local runner)
   */
  readonly validateTemplates?: boolean;
  /**
   * Where the cloud assembly is written. Without it (and without the CLI's `CDK_OUTDIR`), CDK makes a
   * `cdk.out*` directory in the system temp dir that is only removed if the process exits normally;
   * callers that synthesize in-process (tests, the local runner) pass a directory they remove.
   */
  readonly outdir?: string;
}

interface WardenApp {
  readonly app: App;
  readonly central: CentralStack;
  readonly member: MemberStack;
  /** The cdk-nag pack, when `nag` was asked for (`pack.validateScope(app)` in tests). */
  readonly nag?: AwsSolutionsChecks;
}

/** Reads and validates the deployment context; a bad value fails the synth, naming the key. */
function deploymentContext(app: App): DeploymentContext {
  const raw = Object.fromEntries(contextKeys().map((key) => [key, app.node.tryGetContext(key) ?? undefined]));
  const parsed = parseDeploymentContext(raw);
  if (!parsed.ok) throw new Error(parsed.problems[0]);
  return parsed.context;
}

function buildApp(options: BuildAppOptions = {}): WardenApp {
  const app = new App({
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
    builtinCloudFormationValidation:
      options.validateTemplates ?? (options.nag === true || options.skipBundling !== true),
    context: {
      ...options.context,
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const pack = options.nag === true ? addNagChecks(app) : undefined;
  const config = parseWardenConfig(app.node.tryGetContext('warden'));
  const ctx = deploymentContext(app);
  const orgId = ctx['warden:orgId'];
  const memberOus = ctx['warden:memberOus'];

  const central = new CentralStack(app, CENTRAL_STACK_NAME, {
    description: 'Warden: audits AWS accounts against rules and remediates or notifies (central stack)',
    config,
    externalId: ctx['warden:externalId'],
    accountsSource: ctx['warden:accountsSource'],
    operatorEmails: ctx['warden:operatorEmails'],
    ...(ctx['warden:scheduledMode'] !== undefined ? { scheduledMode: ctx['warden:scheduledMode'] } : {}),
    ...(ctx['warden:eventMode'] !== undefined ? { eventMode: ctx['warden:eventMode'] } : {}),
    ...(ctx['warden:accountConcurrency'] !== undefined ? { accountConcurrency: ctx['warden:accountConcurrency'] } : {}),
    ...(ctx['warden:configAggregator'] !== undefined ? { configAggregatorName: ctx['warden:configAggregator'] } : {}),
    ...(ctx['warden:securityHub'] ? { securityHub: true } : {}),
    ...(ctx['warden:slackWebhookSecret'] !== undefined
      ? {
          slack: {
            webhookSecret: ctx['warden:slackWebhookSecret'],
            ...(ctx['warden:slackMinimumSeverity'] !== undefined
              ? { minimumSeverity: ctx['warden:slackMinimumSeverity'] }
              : {}),
          },
        }
      : {}),
    ...(ctx['warden:trailBucket'] !== undefined
      ? {
          trail: {
            bucketName: ctx['warden:trailBucket'],
            ...(ctx['warden:trailKeyPrefix'] !== undefined ? { keyPrefix: ctx['warden:trailKeyPrefix'] } : {}),
            ...(ctx['warden:trailBucketAccount'] !== undefined
              ? { bucketAccount: ctx['warden:trailBucketAccount'] }
              : {}),
            ...(ctx['warden:trailKmsKey'] !== undefined ? { keyArn: ctx['warden:trailKmsKey'] } : {}),
          },
        }
      : {}),
    ...(orgId !== undefined ? { organizationId: orgId } : {}),
    ...(memberOus !== undefined && memberOus.length > 0
      ? {
          memberStackSet: {
            organizationalUnitIds: memberOus,
            regions: ctx['warden:memberRegions'] ?? config.defaultRegions,
            callAs: ctx['warden:stackSetCallAs'],
          },
        }
      : {}),
  });
  const member = new MemberStack(app, MEMBER_STACK_NAME, {
    description: 'Warden member stack: WardenAudit and WardenRemediate roles, event forwarding to the central bus',
    config,
    ...(ctx['warden:securityHub'] ? { securityHub: true } : {}),
    parameterDefaults: {
      externalId: ctx['warden:externalId'],
      ...(orgId !== undefined ? { organizationId: orgId } : {}),
      ...(ctx['warden:centralAccountId'] !== undefined ? { centralAccountId: ctx['warden:centralAccountId'] } : {}),
      ...(ctx['warden:centralRegion'] !== undefined ? { centralRegion: ctx['warden:centralRegion'] } : {}),
    },
  });
  return { app, central, member, ...(pack !== undefined ? { nag: pack } : {}) };
}

export type { BuildAppOptions, DeploymentContext, WardenApp };
export { buildApp, CENTRAL_STACK_NAME, deploymentContext, MEMBER_STACK_NAME };
