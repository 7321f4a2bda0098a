/**
 * A Warden task: one Lambda function per task manifest (tasks/<task>/task.ts), bundled from
 * `tasks/<task>/index.ts` with the local esbuild (no Docker), on the current Node.js runtime, arm64,
 * with X-Ray and JSON logs in a log group of known retention (encrypted with the Warden key when
 * given). Each task has its own role holding only its log group's write permission and what its
 * manifest declares: the function's environment and its grants are both bound here from the
 * manifest and the deployed resources (Powertools' `bindTable`, generalised), so a workflow never
 * spells an environment variable or an object prefix. The grants are the exact ones of ../grants.ts.
 */
import { fileURLToPath } from 'node:url';
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { prefixOf } from '../../tasks/shared/object-store';
import type {
  BusName,
  EnvShape,
  EnvSource,
  Grant,
  SettingName,
  TableName,
  TaskManifest,
} from '../../tasks/shared/task-manifest';
import {
  assumeMemberRoleStatement,
  grantKey,
  grantObjectsRead,
  grantObjectsWrite,
  grantParameterRead,
  grantPublish,
  grantTable,
} from '../grants';
import { ORGANIZATIONS_ACCOUNT_READ_ACTIONS, ORGANIZATIONS_LIST_ACTIONS } from '../permissions';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a manifest's environment and grants are bound to: the deployed resources, by the names manifests use. */
interface TaskResources {
  readonly tables?: Partial<Record<TableName, dynamodb.ITableV2>>;
  readonly artifacts?: s3.IBucket;
  readonly topic?: sns.ITopic;
  readonly killSwitch?: ssm.IStringParameter;
  readonly eventBuses?: Partial<Record<BusName, events.IEventBus>>;
  readonly watchRule?: events.IRule;
  /** The central bus's rules that start the EventStateMachine. */
  readonly triggerRules?: readonly events.IRule[];
  /** The organisation trail's bucket (another account's, usually) and the KMS key of its objects, if any. */
  readonly trail?: { readonly bucketName: string; readonly keyPrefix?: string; readonly keyArn?: string };
  readonly slackWebhookSecret?: secretsmanager.ISecret;
  /** The organization member roles belong to (`aws:ResourceOrgID`), for member-role and Organizations grants. */
  readonly organizationId?: string;
  /** Plain values (an unset optional one leaves its variable out). */
  readonly settings?: Partial<Record<SettingName, string>>;
  /** Customer-managed key of the tables, bucket, topic and log groups. @default none (AWS managed encryption) */
  readonly encryptionKey?: kms.IKey;
}

/** A manifest as infra sees it: its name, description, environment and access (never its `create`). */
type TaskDeclaration = Pick<TaskManifest<EnvShape, never, unknown>, 'name' | 'description' | 'env' | 'access'>;

/** How a workflow deploys a task: everything but what the manifest declares. */
interface TaskOptions {
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Name of the execution role, for roles other accounts trust by name. @default generated */
  readonly roleName?: string;
}

interface TaskFunctionProps extends TaskOptions {
  /** The task: its folder's `index.ts` exports `handler`; its name is also set as `WARDEN_TASK`. */
  readonly manifest: TaskDeclaration;
  readonly resources: TaskResources;
}

/** A manifest needs a resource its workflow did not give (a wiring fault: fails the synth). */
class UnboundTaskResourceError extends Error {
  public override readonly name = 'UnboundTaskResourceError';
}

class TaskFunction extends nodejs.NodejsFunction {
  public constructor(scope: Construct, id: string, props: TaskFunctionProps) {
    const { manifest, resources } = props;
    const key = resources.encryptionKey;
    // First, so a wiring fault is reported before anything is created.
    const environment = taskEnvironment(manifest, resources);
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(key !== undefined ? { encryptionKey: key } : {}),
    });
    // Not AWSLambdaBasicExecutionRole: the log group exists, so the role only writes to it.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Warden task ${manifest.name}: only what this task does`,
      ...(props.roleName !== undefined ? { roleName: props.roleName } : {}),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      role,
      description: manifest.description,
      entry: `${REPO_ROOT}tasks/${manifest.name}/index.ts`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      environment: {
        WARDEN_TASK: manifest.name,
        POWERTOOLS_SERVICE_NAME: 'warden',
        ...environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // Bundle the AWS SDK too: the versions tested are the versions shipped.
        externalModules: [],
        // Keep class names: errors are matched by name in Retry/Catch.
        keepNames: true,
      },
    });
    for (const grant of manifest.access) this.bindGrant(grant, manifest.name, resources);
  }

  private bindGrant(grant: Grant, task: string, resources: TaskResources): void {
    const key = resources.encryptionKey;
    const need = <T>(value: T | undefined, what: string): T => {
      if (value === undefined)
        throw new UnboundTaskResourceError(`task ${task} is granted ${what}, which is not given`);
      return value;
    };
    const stack = Stack.of(this);
    switch (grant.kind) {
      case 'table':
        grantTable(this, need(resources.tables?.[grant.table], `table ${grant.table}`), grant.operations, key, {
          ...(grant.indexes === undefined ? {} : { indexes: grant.indexes }),
        });
        return;
      case 'objects': {
        const bucket = need(resources.artifacts, 'the artifacts bucket');
        (grant.access === 'read' ? grantObjectsRead : grantObjectsWrite)(this, bucket, prefixOf(grant.prefix), key);
        return;
      }
      case 'killSwitch':
        grantParameterRead(this, need(resources.killSwitch, 'the kill switch'));
        return;
      case 'publish':
        grantPublish(this, need(resources.topic, 'the topic'), key);
        return;
      case 'putEvents':
        need(resources.eventBuses?.[grant.bus], `event bus ${grant.bus}`).grantPutEventsTo(this);
        return;
      case 'assumeMemberRole':
        this.addToRolePolicy(
          assumeMemberRoleStatement(
            this,
            need(resources.settings?.[grant.role], `setting ${grant.role}`),
            need(resources.organizationId, 'the organization id'),
          ),
        );
        return;
      case 'organizationAccounts': {
        if ((resources.settings?.accountsSource ?? 'table') === 'table') return;
        // ListAccounts has no resource-level permissions; the per-account reads take the account's
        // ARN (its management account is not known here, the organization is).
        const organizationId = need(resources.organizationId, 'the organization id');
        this.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'ListOrganizationAccounts',
            actions: [...ORGANIZATIONS_LIST_ACTIONS],
            resources: ['*'],
          }),
        );
        this.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'ReadOrganizationAccounts',
            actions: [...ORGANIZATIONS_ACCOUNT_READ_ACTIONS],
            resources: [`arn:${stack.partition}:organizations::*:account/${organizationId}/*`],
          }),
        );
        return;
      }
      case 'configAggregator':
        if (resources.settings?.configAggregatorName !== undefined) this.grantAggregatorSelect();
        return;
      case 'slackWebhookSecret':
        need(resources.slackWebhookSecret, 'the Slack webhook secret').grantRead(this);
        return;
      case 'watchRule':
        this.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'RewriteWatchedApiCallsRule',
            actions: ['events:DescribeRule', 'events:PutRule'],
            resources: [need(resources.watchRule, 'the watch rule').ruleArn],
          }),
        );
        return;
      case 'describeTriggerRules': {
        const rules = need(resources.triggerRules, 'the trigger rules');
        this.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'ReadTriggerRulePatterns',
            actions: ['events:DescribeRule'],
            resources: rules.map((r) => r.ruleArn),
          }),
        );
        return;
      }
      case 'trailObjects': {
        const trail = need(resources.trail, 'the trail bucket');
        const partition = stack.partition;
        const logs = `${trail.bucketName}/${trail.keyPrefix === undefined ? '' : `${trail.keyPrefix}/`}AWSLogs/*`;
        this.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'ReadTrailLogFiles',
            actions: ['s3:GetObject'],
            resources: [`arn:${partition}:s3:::${logs}`],
          }),
        );
        if (trail.keyArn !== undefined) {
          this.addToRolePolicy(
            new iam.PolicyStatement({
              sid: 'DecryptTrailLogFiles',
              actions: ['kms:Decrypt'],
              resources: [trail.keyArn],
            }),
          );
        }
        if (this.role === undefined) throw new Error(`${task} has no role`);
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${logs}]`,
          reason:
            'The forwarder reads the log files CloudTrail writes under AWSLogs/ (one object per file, keys not known in advance); nothing else of the bucket.',
        });
        return;
      }
      case 'tableStreamKey':
        // Reading a stream of a table encrypted with a customer-managed key needs kms:Decrypt on it.
        need(resources.tables?.[grant.table], `table ${grant.table}`);
        if (key !== undefined) grantKey(this, key, ['kms:Decrypt']);
        return;
    }
  }

  /**
   * `config:SelectAggregateResourceConfig` on this account's aggregators. An aggregator's ARN ends in
   * an id AWS generates (`config-aggregator/config-aggregator-abcd1234`), not its name, so the name
   * given to Warden cannot be turned into the ARN at synthesis.
   */
  private grantAggregatorSelect(): void {
    const stack = Stack.of(this);
    const aggregators = `arn:${stack.partition}:config:${stack.region}:${stack.account}:config-aggregator/*`;
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SelectFromConfigAggregator',
        actions: ['config:SelectAggregateResourceConfig'],
        resources: [aggregators],
      }),
    );
    if (this.role === undefined) throw new Error('Collect resources has no role');
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-aggregator/*]',
      reason:
        "Collect resources reads the Config aggregator it is configured with; an aggregator's ARN ends in an id AWS generates, not its name, so only this account's aggregators can be named.",
    });
  }
}

/** The value infra gives a variable of this source, or `undefined` when the resource or setting is not given. */
function envValue(source: EnvSource, resources: TaskResources): string | undefined {
  switch (source.kind) {
    case 'table':
      return resources.tables?.[source.table]?.tableName;
    case 'bucket':
      return resources.artifacts?.bucketName;
    case 'topic':
      return resources.topic?.topicArn;
    case 'killSwitch':
      return resources.killSwitch?.parameterName;
    case 'eventBus':
      return resources.eventBuses?.[source.bus]?.eventBusName;
    case 'watchRule':
      return resources.watchRule?.ruleName;
    case 'triggerRules':
      return resources.triggerRules === undefined
        ? undefined
        : Fn.join(
            ',',
            resources.triggerRules.map((r) => r.ruleName),
          );
    case 'slackWebhookSecret':
      return resources.slackWebhookSecret?.secretArn;
    case 'setting':
      return resources.settings?.[source.setting];
  }
}

/**
 * The function's environment from the manifest, in its declaration order. A variable whose value is
 * not given is left out when the task's schema accepts its absence (an optional setting), and
 * otherwise fails the synth naming the task and the variable.
 */
function taskEnvironment(manifest: TaskDeclaration, resources: TaskResources): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, binding] of Object.entries(manifest.env)) {
    const value = envValue(binding.source, resources);
    if (value !== undefined) environment[name] = value;
    else if (!binding.schema.safeParse(undefined).success) {
      throw new UnboundTaskResourceError(
        `task ${manifest.name} reads ${name} (${describeSource(binding.source)}), which is not given`,
      );
    }
  }
  return environment;
}

function describeSource(source: EnvSource): string {
  switch (source.kind) {
    case 'table':
      return `table ${source.table}`;
    case 'eventBus':
      return `event bus ${source.bus}`;
    case 'setting':
      return `setting ${source.setting}`;
    default:
      return source.kind;
  }
}

export type { TaskDeclaration, TaskFunctionProps, TaskOptions, TaskResources };
export { REPO_ROOT, TaskFunction, UnboundTaskResourceError };
