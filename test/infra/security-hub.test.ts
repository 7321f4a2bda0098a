/**
 * `warden:securityHub`: the key adds `Send to Security Hub` after Summarize, its function (role
 * WardenImportFindingsTask, which may assume only WardenSecurityHub) and, in the member stack,
 * WardenSecurityHub with BatchImportFindings on the account's default product and GetFindings and
 * BatchUpdateFindings on its hub, trusted by that one task role. Nothing else changes; without the
 * key none of it is synthesized.
 */
import { describe, expect, it } from 'vitest';
import { type CfnJson, iamStatements, synthesize } from './apps';

const off = synthesize({});
const on = synthesize({ 'warden:securityHub': true });

function definitionOf(app: typeof off): string {
  const [machine] = Object.entries(app.centralTemplate.findResources('AWS::StepFunctions::StateMachine')).filter(
    ([id]) => id.includes('SweepStateMachine'),
  );
  if (machine === undefined) throw new Error('no SweepStateMachine in the central template');
  return JSON.stringify((machine[1] as CfnJson).Properties.DefinitionString);
}

const statementsOf = (template: typeof off.memberTemplate) =>
  iamStatements(template).map(({ statement }) => JSON.stringify(statement));

describe('warden:securityHub', () => {
  it('without it: no Security Hub state, function or member role', () => {
    expect(definitionOf(off)).not.toContain('Send to Security Hub');
    expect(JSON.stringify(off.centralTemplate.toJSON())).not.toContain('WardenImportFindingsTask');
    expect(JSON.stringify(off.memberTemplate.toJSON())).not.toContain('WardenSecurityHub');
    expect(statementsOf(off.memberTemplate).filter((s) => s.includes('securityhub:BatchImportFindings'))).toEqual([]);
  });

  it('with it: Send to Security Hub follows Summarize, with the report key', () => {
    const definition = definitionOf(on);
    expect(definition).toContain('Send to Security Hub');
    expect(definition).toMatch(/\\"Summarize\\":\{[^}]*\\"Next\\":\\"Send to Security Hub\\"/);
    expect(definition).toContain('\\"reportRef.$\\":\\"$.reportRef\\"');
  });

  it('the member stack gets WardenSecurityHub, limited to the default product and the hub, trusted by the import task only', () => {
    const roles = on.memberTemplate.findResources('AWS::IAM::Role', { Properties: { RoleName: 'WardenSecurityHub' } });
    const [role] = Object.values(roles) as CfnJson[];
    expect(role).toBeDefined();
    const statements = role.Properties.Policies.flatMap((p: CfnJson) => p.PolicyDocument.Statement);
    expect(statements.map((s: CfnJson) => [s.Action, JSON.stringify(s.Resource)])).toEqual([
      [
        'securityhub:BatchImportFindings',
        JSON.stringify({
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':securityhub:*:',
              { Ref: 'AWS::AccountId' },
              ':product/',
              { Ref: 'AWS::AccountId' },
              '/default',
            ],
          ],
        }),
      ],
      [
        ['securityhub:BatchUpdateFindings', 'securityhub:GetFindings'],
        JSON.stringify({
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:*:', { Ref: 'AWS::AccountId' }, ':hub/default'],
          ],
        }),
      ],
    ]);
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(':role/WardenImportFindingsTask');
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).not.toContain('WardenCollectTask');
  });

  it('adds only that: every other IAM statement is the same as without the key', () => {
    const extra = (a: string[], b: string[]) => a.filter((s) => !b.includes(s));
    const memberAdded = extra(statementsOf(on.memberTemplate), statementsOf(off.memberTemplate));
    expect(memberAdded.every((s) => s.includes('securityhub:') || s.includes('WardenImportFindingsTask'))).toBe(true);
    expect(extra(statementsOf(off.memberTemplate), statementsOf(on.memberTemplate))).toEqual([]);
    const centralAdded = extra(statementsOf(on.centralTemplate), statementsOf(off.centralTemplate));
    const assume = centralAdded.filter((s) => s.includes('sts:AssumeRole'));
    expect(assume).toHaveLength(1);
    expect(assume[0]).toContain(':role/WardenSecurityHub');
    expect(centralAdded.join('\n')).not.toContain('securityhub:');
  });
});
