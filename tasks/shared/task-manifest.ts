/**
 * A task's manifest (`tasks/<task>/task.ts`): the one place its wiring is written. It names the task
 * (= its folder), describes it, declares every environment variable it reads (with its type, and
 * where infra takes the value from), every access its role gets (tables with operations and indexes,
 * artifact prefixes from the one prefix table, topics, parameters, member roles, …), and `create`s
 * the task's handler core from the parsed environment and the ports (the clients and adapters that
 * differ between AWS and a local run). infra/constructs/task-function.ts binds the environment and
 * the grants from it; the Lambda entry (`index.ts`) and the local runner build the task from it.
 * Pure data and zod: no CDK, no SDK clients here.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { configFromJson } from './config';
import type { KillSwitch } from './kill-switch';
import type { Publisher } from './notification/publish';
import type { ArtifactPrefixName, ObjectStore } from './object-store';

type TableReadOperation = 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan';
type TableWriteOperation = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';
type TableOperation = TableReadOperation | TableWriteOperation;

/** The deployment's DynamoDB tables, by the name the central stack gives them. */
type TableName = 'accounts' | 'exemptions' | 'ledger' | 'idempotency' | 'blastRadius' | 'watchList' | 'notificationLog';
/** The event buses tasks put events on: the account's default bus (remediation events) and Warden's central bus. */
type BusName = 'remediationEvents' | 'warden';
/** Deployment settings a workflow passes to its tasks as plain values. */
type SettingName =
  | 'config'
  | 'auditRoleName'
  | 'remediateRoleName'
  | 'externalId'
  | 'partition'
  | 'eventMode'
  | 'dedupeWindowSeconds'
  | 'accountsSource'
  | 'configAggregatorName'
  | 'trailBucket'
  | 'trailKeyPrefix'
  | 'securityHubRoleName'
  | 'productVersion';

/** Where infra takes an environment variable's value from. */
type EnvSource =
  | { readonly kind: 'table'; readonly table: TableName }
  | { readonly kind: 'bucket' }
  | { readonly kind: 'topic' }
  | { readonly kind: 'killSwitch' }
  | { readonly kind: 'eventBus'; readonly bus: BusName }
  | { readonly kind: 'watchRule' }
  /** The names of the central bus's rules that start the EventStateMachine, comma-separated. */
  | { readonly kind: 'triggerRules' }
  | { readonly kind: 'slackWebhookSecret' }
  | { readonly kind: 'setting'; readonly setting: SettingName };

/** One environment variable: where its value comes from, and how the task parses it. */
interface EnvBinding<T = unknown> {
  readonly source: EnvSource;
  readonly schema: z.ZodType<T>;
}

type EnvShape = Readonly<Record<string, EnvBinding>>;
type ParsedEnv<E extends EnvShape> = { readonly [K in keyof E]: E[K] extends EnvBinding<infer T> ? T : never };

/** A name of a deployed resource, as CloudFormation fills it in. */
const resourceName = () => z.string().min(1);

/** The environment variables a manifest can declare, each with its value's source. */
const bind = {
  table: (table: TableName): EnvBinding<string> => ({ source: { kind: 'table', table }, schema: resourceName() }),
  bucket: (): EnvBinding<string> => ({ source: { kind: 'bucket' }, schema: resourceName() }),
  topic: (): EnvBinding<string> => ({ source: { kind: 'topic' }, schema: resourceName() }),
  killSwitch: (): EnvBinding<string> => ({ source: { kind: 'killSwitch' }, schema: resourceName() }),
  eventBus: (bus: BusName): EnvBinding<string> => ({ source: { kind: 'eventBus', bus }, schema: resourceName() }),
  watchRule: (): EnvBinding<string> => ({ source: { kind: 'watchRule' }, schema: resourceName() }),
  triggerRules: (): EnvBinding<string[]> => ({
    source: { kind: 'triggerRules' },
    schema: z
      .string()
      .min(1)
      .transform((names) => names.split(',').filter((n) => n !== '')),
  }),
  slackWebhookSecret: (): EnvBinding<string> => ({ source: { kind: 'slackWebhookSecret' }, schema: resourceName() }),
  /** The deployment's Warden config as JSON, parsed with the config schema. */
  config: () => ({
    source: { kind: 'setting', setting: 'config' } as const,
    schema: z.string().min(1).transform(configFromJson),
  }),
  /** How long the same finding is not notified again (the event path's duplicate suppression). */
  dedupeWindowSeconds: (): EnvBinding<number> => ({
    source: { kind: 'setting', setting: 'dedupeWindowSeconds' },
    schema: z.coerce.number().int().positive(),
  }),
  setting: <T>(setting: SettingName, schema: z.ZodType<T>): EnvBinding<T> => ({
    source: { kind: 'setting', setting },
    schema,
  }),
};

/** What a task's role is granted, in the order the statements are added. */
type Grant =
  | {
      readonly kind: 'table';
      readonly table: TableName;
      readonly operations: readonly TableOperation[];
      /** Indexes the Query/Scan operations also apply to. @default none */
      readonly indexes?: readonly string[];
    }
  | { readonly kind: 'objects'; readonly access: 'read' | 'write'; readonly prefix: ArtifactPrefixName }
  /** `ssm:GetParameter` on the kill-switch parameter: all its reader calls. */
  | { readonly kind: 'killSwitch' }
  /** `sns:Publish` on the notifications topic (and the KMS actions an encrypted topic needs). */
  | { readonly kind: 'publish' }
  | { readonly kind: 'putEvents'; readonly bus: BusName }
  /** `sts:AssumeRole` on the named Warden role in the member accounts of the organization. */
  | { readonly kind: 'assumeMemberRole'; readonly role: 'auditRoleName' | 'remediateRoleName' | 'securityHubRoleName' }
  /** Reading the organization's accounts, when the accounts source is not only the table. */
  | { readonly kind: 'organizationAccounts' }
  /** Selecting from this account's Config aggregators, when one is configured. */
  | { readonly kind: 'configAggregator' }
  | { readonly kind: 'slackWebhookSecret' }
  /** Rewriting the watch list's EventBridge rule. */
  | { readonly kind: 'watchRule' }
  /** `events:DescribeRule` on the rules that start the EventStateMachine (their patterns, read-only). */
  | { readonly kind: 'describeTriggerRules' }
  /** `s3:GetObject` on the trail bucket's `[<prefix>/]AWSLogs/*` (and `kms:Decrypt` on its key, when one is configured). */
  | { readonly kind: 'trailObjects' }
  /** The key of a table whose stream the task is triggered by (the stream read itself comes with its event source). */
  | { readonly kind: 'tableStreamKey'; readonly table: TableName };

/** The ports every task may take: what differs between AWS and a local run. */
interface CommonPorts {
  readonly ddb: DynamoDBDocumentClient;
  /** The artifacts store in the named bucket. */
  readonly artifacts: (bucket: string) => ObjectStore;
  /** The kill switch read from the named parameter. */
  readonly killSwitch: (parameterName: string) => KillSwitch;
  /** Publishing to the topic with this ARN. */
  readonly publisher: (topicArn: string) => Publisher;
  /** The clock exemptions, deduplication and records are judged against. @default the task's own (`new Date()`) */
  readonly now?: () => Date;
  /** Where non-fatal failures (a notification log write, an account lookup) are reported. @default not reported */
  readonly warn?: (message: string, error: unknown) => void;
}

/** The named Warden role a task assumes in member accounts. */
interface MemberRoleAccess {
  readonly roleName: string;
  readonly externalId: string;
  readonly partition: string;
}

interface TaskManifest<E extends EnvShape = EnvShape, P = never, H = unknown> {
  /** The task's folder under `tasks/`, also its `WARDEN_TASK`. */
  readonly name: string;
  /** The Lambda function's description. */
  readonly description: string;
  readonly env: E;
  readonly access: readonly Grant[];
  create(env: ParsedEnv<E>, ports: P): H;
}

function defineTask<const E extends EnvShape, P, H>(manifest: TaskManifest<E, P, H>): TaskManifest<E, P, H> {
  return manifest;
}

/** A task's environment does not parse with its manifest's schema (a deployment fault: fails the cold start). */
class TaskEnvironmentError extends Error {
  public override readonly name = 'TaskEnvironmentError';
}

/** The task's environment, parsed with its manifest's schema; throws `TaskEnvironmentError` naming each bad variable. */
function parseTaskEnv<E extends EnvShape>(
  manifest: Pick<TaskManifest<E, never, unknown>, 'name' | 'env'>,
  raw: Readonly<Record<string, string | undefined>>,
): ParsedEnv<E> {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, binding] of Object.entries(manifest.env)) {
    const value = raw[name] === '' ? undefined : raw[name];
    const result = binding.schema.safeParse(value);
    if (result.success) parsed[name] = result.data;
    else problems.push(value === undefined ? `${name} is not set` : `${name}: ${result.error.issues[0]?.message}`);
  }
  if (problems.length > 0) {
    throw new TaskEnvironmentError(`task ${manifest.name}: environment variable ${problems.join('; ')}`);
  }
  return parsed as ParsedEnv<E>;
}

/** Builds the task's handler core from its environment and ports. */
function buildTask<E extends EnvShape, P, H>(
  manifest: TaskManifest<E, P, H>,
  raw: Readonly<Record<string, string | undefined>>,
  ports: P,
): H {
  return manifest.create(parseTaskEnv(manifest, raw), ports);
}

export type {
  BusName,
  CommonPorts,
  EnvBinding,
  EnvShape,
  EnvSource,
  Grant,
  MemberRoleAccess,
  ParsedEnv,
  SettingName,
  TableName,
  TableOperation,
  TableReadOperation,
  TableWriteOperation,
  TaskManifest,
};
export { bind, buildTask, defineTask, parseTaskEnv, TaskEnvironmentError };
