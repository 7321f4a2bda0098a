/** Synthesized Warden apps for the stack tests (no bundling), built once per test file. */
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type WardenApp } from '../../infra/app';
import { cdkJsonContext } from '../../local/workflows';
import { testOutdir } from '../support/synthesis';

/** What a real organization sets: org id, member OUs/regions for the StackSet, both account sources. */
const FULL_CONTEXT = {
  'warden:orgId': 'o-abcd123456',
  'warden:memberOus': ['ou-ab12-members1', 'r-ab12'],
  'warden:memberRegions': ['eu-west-1', 'us-east-1'],
  'warden:stackSetCallAs': 'DELEGATED_ADMIN',
  'warden:accountsSource': 'both',
  'warden:externalId': 'warden-ext-2026',
  'warden:operatorEmails': ['secops@example.com'],
  'warden:centralAccountId': '999999999999',
  'warden:centralRegion': 'eu-west-1',
  'warden:accountConcurrency': 250,
  'warden:configAggregator': 'org-aggregator',
  'warden:slackWebhookSecret': 'warden/slack-webhook',
  'warden:slackMinimumSeverity': 'HIGH',
};

interface SynthesizedApp extends WardenApp {
  readonly centralTemplate: Template;
  readonly memberTemplate: Template;
}

function synthesize(context: Record<string, unknown>, nag = false): SynthesizedApp {
  const built = buildApp({
    context: { ...cdkJsonContext(), ...context },
    skipBundling: true,
    nag,
    outdir: testOutdir(),
  });
  return {
    ...built,
    centralTemplate: Template.fromStack(built.central),
    memberTemplate: Template.fromStack(built.member),
  };
}

/** CloudFormation JSON as the assertions navigate it: untyped by nature. */
// biome-ignore lint/suspicious/noExplicitAny: templates are untyped JSON, read by path in assertions
type CfnJson = any;

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Condition?: unknown; Sid?: string };

/** Every IAM statement of a template: role inline policies, AWS::IAM::Policy, managed policies. */
function iamStatements(template: Template): { logicalId: string; statement: Statement }[] {
  const out: { logicalId: string; statement: Statement }[] = [];
  for (const [logicalId, resource] of Object.entries(
    template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>,
  )) {
    const props = resource.Properties ?? {};
    const documents: unknown[] = [];
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy')
      documents.push(props.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const p of (props.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
        documents.push(p.PolicyDocument);
    }
    for (const doc of documents) {
      for (const statement of (doc as { Statement?: Statement[] }).Statement ?? []) out.push({ logicalId, statement });
    }
  }
  return out;
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The one resource of `type` whose properties contain `match` (by logical id prefix). */
function resourceByPrefix(
  template: Template,
  type: string,
  prefix: string,
): { logicalId: string; props: Record<string, CfnJson> } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${found.length}`);
  const [logicalId, resource] = found[0]!;
  return { logicalId, props: (resource as { Properties: Record<string, CfnJson> }).Properties };
}

export type { CfnJson, Statement, SynthesizedApp };
export { actionsOf, FULL_CONTEXT, iamStatements, resourceByPrefix, synthesize };
