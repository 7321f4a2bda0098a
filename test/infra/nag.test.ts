/** cdk-nag AwsSolutionsChecks: zero unacknowledged findings, and `cdk synth` fails on a new one. */
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { cdkJsonContext } from '../../local/workflows';
import { testOutdir } from '../support/synthesis';
import { actionsOf, FULL_CONTEXT, iamStatements, synthesize } from './apps';

const configurations = {
  'cdk.json as is': {},
  'organization with StackSet and Organizations source': FULL_CONTEXT,
  'with Security Hub import (warden:securityHub)': { ...FULL_CONTEXT, 'warden:securityHub': true },
};

describe.each(Object.entries(configurations))('%s', (_name, context) => {
  const app = synthesize(context, true);

  it('has zero unacknowledged AwsSolutions findings', () => {
    const report = app.nag!.validateScope(app.app);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${r.templatePath ?? ''} ${r.resourceLogicalId ?? ''}`),
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('synthesizes with the pack registered (what `cdk synth` does)', () => {
    expect(() => app.app.synth()).not.toThrow();
  });

  it.each([
    ['central', app.centralTemplate],
    ['member', app.memberTemplate],
  ])('no IAM statement in the %s template allows Action "*" or a whole service', (_stack, template) => {
    const broad = iamStatements(template)
      .filter(({ statement }) => statement.Effect === 'Allow')
      .filter(({ statement }) => actionsOf(statement).some((a) => a === '*' || a.endsWith(':*')))
      .map(({ logicalId }) => logicalId);
    expect(broad).toEqual([]);
    // Resource policies too (bucket, topic, queue, key, bus): none allows Action "*".
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"Action":"\*"|"Action":\["\*"\]/);
  });
});

describe('an unacknowledged finding', () => {
  it('fails the synthesis, naming the rule', () => {
    const app = buildApp({ context: cdkJsonContext(), skipBundling: true, nag: true, outdir: testOutdir() });
    // A topic without TLS enforcement or a key: AwsSolutions-SNS2/SNS3.
    new sns.Topic(app.central, 'Careless');
    const ids = app.nag!.validateScope(app.app).violations.map((v) => v.ruleName);
    expect(ids).toEqual(expect.arrayContaining(['AwsSolutions-SNS3']));
    expect(() => app.app.synth()).toThrow(/AwsSolutions-SNS3/);
  });
});

describe('context from the cdk CLI', () => {
  it('reads lists given as `-c key=["a","b"]` or `-c key=a,b` (the CLI passes strings)', () => {
    const json = buildApp({
      context: {
        ...cdkJsonContext(),
        'warden:orgId': 'o-abcd123456',
        'warden:memberOus': '["ou-ab12-members1","r-ab12"]',
      },
      skipBundling: true,
      outdir: testOutdir(),
    });
    expect(json.central.memberStackSet?.stackSet.stackInstancesGroup).toEqual([
      { deploymentTargets: { organizationalUnitIds: ['ou-ab12-members1', 'r-ab12'] }, regions: ['us-east-1'] },
    ]);
    const csv = buildApp({
      context: {
        ...cdkJsonContext(),
        'warden:memberOus': 'ou-ab12-members1',
        'warden:memberRegions': 'eu-west-1, us-east-1',
      },
      skipBundling: true,
      outdir: testOutdir(),
    });
    expect(csv.central.memberStackSet?.stackSet.stackInstancesGroup).toEqual([
      { deploymentTargets: { organizationalUnitIds: ['ou-ab12-members1'] }, regions: ['eu-west-1', 'us-east-1'] },
    ]);
  });

  it('names the key of a bad value', () => {
    expect(() =>
      buildApp({ context: { 'warden:accountsSource': 'ldap' }, skipBundling: true, outdir: testOutdir() }),
    ).toThrow(/context warden:accountsSource/);
    expect(() =>
      buildApp({ context: { 'warden:memberOus': 'ou-x' }, skipBundling: true, outdir: testOutdir() }),
    ).toThrow(/context warden:memberOus/);
    expect(() =>
      buildApp({ context: { 'warden:accountConcurrency': '0' }, skipBundling: true, outdir: testOutdir() }),
    ).toThrow('context warden:accountConcurrency: must be at least 1');
    expect(() =>
      buildApp({ context: { 'warden:configAggregator': 'a b' }, skipBundling: true, outdir: testOutdir() }),
    ).toThrow(/context warden:configAggregator/);
  });
});
