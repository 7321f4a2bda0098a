/**
 * Every task has a manifest (tasks/<task>/task.ts) and a function, and every synthesized function's
 * environment parses with its task's schema: for each Lambda function, its task (`WARDEN_TASK`),
 * its `Environment.Variables` (CloudFormation Refs/GetAtts/Joins count as present strings) parsed
 * with that task's env schema, nothing set that the task does not read, and each variable bound to
 * a table, topic, parameter, bus or bucket naming a resource of that type. The manifests' grants
 * and variables name the same resources.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { describe, expect, it } from 'vitest';
import { EventWorkflow } from '../../infra/constructs/event-workflow';
import { WardenTables } from '../../infra/constructs/tables';
import {
  REPO_ROOT,
  type TaskDeclaration,
  TaskFunction,
  UnboundTaskResourceError,
} from '../../infra/constructs/task-function';
import type { EnvSource } from '../../tasks/shared/task-manifest';
import { summarizeTask } from '../../tasks/summarize/task';
import { testOutdir } from '../support/synthesis';
import { type CfnJson, FULL_CONTEXT, synthesize } from './apps';

/** Folders under tasks/ that are libraries, not tasks. */
const LIBRARIES = ['shared', 'rules', 'engine'];
/** Set on every function by the task-function construct, not by a manifest. */
const CONSTRUCT_VARIABLES = ['WARDEN_TASK', 'POWERTOOLS_SERVICE_NAME'];
/** Tasks whose function exists only when an optional feature is configured (checked in their own stack below). */
const OPTIONAL_TASKS = ['slack-notify', 'forward-trail', 'import-findings'];

const taskFolders = readdirSync(join(REPO_ROOT, 'tasks')).filter(
  (f) => !LIBRARIES.includes(f) && statSync(join(REPO_ROOT, 'tasks', f)).isDirectory(),
);

function isManifest(value: unknown): value is TaskDeclaration {
  const v = value as Partial<TaskDeclaration> & { create?: unknown };
  return (
    typeof v?.name === 'string' &&
    typeof v.env === 'object' &&
    Array.isArray(v.access) &&
    typeof v.create === 'function'
  );
}

const manifests = new Map<string, TaskDeclaration>();
for (const folder of taskFolders) {
  const module = (await import(join(REPO_ROOT, 'tasks', folder, 'task.ts'))) as Record<string, unknown>;
  for (const value of Object.values(module)) if (isManifest(value)) manifests.set(folder, value);
}

type Resources = Record<string, { Type: string; Properties?: CfnJson }>;

/** A CloudFormation value as the function would see it: a literal stays, a token becomes a placeholder string. */
function asEnvString(value: unknown): string {
  return typeof value === 'string' ? value : `<token ${JSON.stringify(value)}>`;
}

const RESOURCE_TYPES: Partial<Record<EnvSource['kind'], string[]>> = {
  table: ['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table'],
  bucket: ['AWS::S3::Bucket'],
  topic: ['AWS::SNS::Topic'],
  killSwitch: ['AWS::SSM::Parameter'],
  watchRule: ['AWS::Events::Rule'],
  slackWebhookSecret: ['AWS::SecretsManager::Secret'],
};

/**
 * A secret the deployment names (context `warden:slackWebhookSecret`) rather than creates: its ARN as a
 * literal, or built from the stack's partition, region and account around the name.
 */
function isImportedSecretArn(value: unknown): boolean {
  return JSON.stringify(value).includes(':secretsmanager:') && JSON.stringify(value).includes(':secret:');
}

/** Every way a function's environment disagrees with its task's manifest (empty = it conforms). */
function problemsOf(resources: Resources, logicalId: string): string[] {
  const variables = (resources[logicalId]?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
  const task = variables.WARDEN_TASK;
  const manifest = typeof task === 'string' ? manifests.get(task) : undefined;
  if (manifest === undefined) return [`${logicalId}: WARDEN_TASK ${String(task)} has no manifest`];
  const problems: string[] = [];
  for (const [name, binding] of Object.entries(manifest.env)) {
    const raw = variables[name];
    const parsed = binding.schema.safeParse(raw === undefined ? undefined : asEnvString(raw));
    if (!parsed.success) problems.push(`${task}: ${name} ${raw === undefined ? 'is not set' : 'does not parse'}`);
    const types = RESOURCE_TYPES[binding.source.kind];
    const ref = (raw as { Ref?: string } | undefined)?.Ref;
    if (raw !== undefined && binding.source.kind === 'slackWebhookSecret' && isImportedSecretArn(raw)) continue;
    if (raw !== undefined && types !== undefined && !types.includes(resources[ref ?? '']?.Type ?? '')) {
      problems.push(`${task}: ${name} is not a Ref to a ${types.join(' or ')}`);
    }
  }
  for (const name of Object.keys(variables)) {
    if (!CONSTRUCT_VARIABLES.includes(name) && !(name in manifest.env)) problems.push(`${task}: ${name} is never read`);
  }
  return problems;
}

function functionsOf(resources: Resources): string[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Environment?.Variables?.WARDEN_TASK)
    .map(([id]) => id);
}

/** An EventWorkflow with the optional Slack subscriber, on stand-ins for the rest. */
function slackStack(): Resources {
  const app = new App({ outdir: testOutdir(), context: { 'aws:cdk:bundling-stacks': [] } });
  const s = new Stack(app, 'SlackTest');
  const fn = (id: string) =>
    new lambda.Function(s, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler=async()=>({})'),
    });
  new EventWorkflow(s, 'Events', {
    bus: new events.EventBus(s, 'Bus'),
    topic: new sns.Topic(s, 'Topic'),
    tables: new WardenTables(s, 'Tables'),
    artifacts: new s3.Bucket(s, 'Artifacts'),
    configJson: '{}',
    externalId: 'x',
    organizationId: 'o-abcdefghij',
    killSwitch: new ssm.StringParameter(s, 'Kill', { stringValue: 'off' }),
    remediateFunction: fn('Remediate'),
    recordRemediationFunction: fn('Record'),
    slackWebhookSecret: new secretsmanager.Secret(s, 'Webhook'),
  });
  return Template.fromStack(s).toJSON().Resources as Resources;
}

const central = synthesize({}).centralTemplate.toJSON().Resources as Resources;
const full = synthesize(FULL_CONTEXT).centralTemplate.toJSON().Resources as Resources;
const slack = slackStack();
/** The central stack with the trail forwarder (context `warden:trailBucket`). */
const trail = synthesize({
  'warden:trailBucket': 'org-trail-logs',
  'warden:trailKmsKey': 'arn:aws:kms:eu-west-1:222233334444:key/k-1',
}).centralTemplate.toJSON().Resources as Resources;
const securityHub = synthesize({ 'warden:securityHub': true }).centralTemplate.toJSON().Resources as Resources;

describe('task manifests', () => {
  it('every task folder has exactly one manifest, named as its folder', () => {
    expect(taskFolders.length).toBeGreaterThan(0);
    for (const folder of taskFolders) expect(manifests.get(folder)?.name, folder).toBe(folder);
  });

  it('every task has a function in the central stack (or, if optional, in its feature stack)', () => {
    const deployed = new Set(
      [central, slack, trail, securityHub].flatMap((r) =>
        functionsOf(r).map((id) => r[id]?.Properties.Environment.Variables.WARDEN_TASK),
      ),
    );
    expect([...deployed].sort()).toEqual([...taskFolders].sort());
    const inCentral = new Set(
      functionsOf(central).map((id) => central[id]?.Properties.Environment.Variables.WARDEN_TASK),
    );
    for (const task of OPTIONAL_TASKS) expect(inCentral.has(task), task).toBe(false);
  });

  it.each([
    ['the default central stack', central],
    ['a central stack with every option (organizations, aggregator)', full],
    ['an event workflow with the Slack subscriber', slack],
    ['a central stack with the trail forwarder', trail],
    ['a central stack with Security Hub (warden:securityHub)', securityHub],
  ])("every function's environment parses with its task's schema: %s", (_name, resources) => {
    const ids = functionsOf(resources);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.flatMap((id) => problemsOf(resources, id))).toEqual([]);
  });

  it('fails a function whose workflow forgot a variable, or set one its task never reads', () => {
    const id = functionsOf(central).find(
      (i) => central[i]?.Properties.Environment.Variables.WARDEN_TASK === 'summarize',
    );
    expect(id).toBeDefined();
    const broken = structuredClone(central);
    const variables = broken[id as string]?.Properties.Environment.Variables;
    delete variables.LEDGER_TABLE;
    variables.WARDEN_CONFIG = '{}';
    expect(problemsOf(broken, id as string)).toEqual([
      'summarize: LEDGER_TABLE is not set',
      'summarize: WARDEN_CONFIG is never read',
    ]);
  });

  it("a manifest's grants and variables name the same resources", () => {
    const named = (m: TaskDeclaration, kind: string) =>
      Object.values(m.env)
        .map((b) => b.source)
        .filter((s) => s.kind === kind)
        .map((s) => ('table' in s ? s.table : 'bus' in s ? s.bus : kind));
    for (const m of manifests.values()) {
      const grantedTables = m.access.flatMap((g) => (g.kind === 'table' ? [g.table] : []));
      expect(new Set(named(m, 'table')), `${m.name} tables`).toEqual(new Set(grantedTables));
      const objects = m.access.some((g) => g.kind === 'objects');
      expect(named(m, 'bucket').length > 0, `${m.name} bucket`).toBe(objects);
      expect(named(m, 'topic').length > 0, `${m.name} topic`).toBe(m.access.some((g) => g.kind === 'publish'));
      expect(named(m, 'killSwitch').length > 0, `${m.name} kill switch`).toBe(
        m.access.some((g) => g.kind === 'killSwitch'),
      );
      const buses = m.access.flatMap((g) => (g.kind === 'putEvents' ? [g.bus] : []));
      // The central bus is named to sync-watch-list for the rule it rewrites there, not to put events on.
      expect(
        named(m, 'eventBus').filter((b) => b !== 'warden' || buses.includes('warden')),
        `${m.name} buses`,
      ).toEqual(buses);
    }
  });

  it('a workflow that does not give a resource a manifest binds fails the synth, naming the variable', () => {
    const app = new App({ outdir: testOutdir(), context: { 'aws:cdk:bundling-stacks': [] } });
    const s = new Stack(app, 'Unbound');
    const tables = new WardenTables(s, 'Tables');
    const artifacts = new s3.Bucket(s, 'Artifacts');
    const build = () =>
      new TaskFunction(s, 'Summarize', {
        manifest: summarizeTask,
        resources: { tables: { exemptions: tables.exemptions }, artifacts },
      });
    expect(build).toThrow(UnboundTaskResourceError);
    expect(build).toThrow(/summarize reads LEDGER_TABLE \(table ledger\)/);
  });
});
