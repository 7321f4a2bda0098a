/**
 * The IAM actions Warden is granted are derived from what the code declares and calls:
 * every SDK call of the collectors is in the permission table, every action a rule declares is in
 * the right member role, and nothing else is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActions, COLLECTOR_API_CALLS, eventsToForward, remediateActions } from '../../infra/permissions';
import { RULES } from '../../tasks/rules/index';
import type { Rule } from '../../tasks/rules/rule';
import { parseWardenConfig } from '../../tasks/shared/config';
import { COLLECTOR_READS } from '../../tasks/shared/inventory/permissions';
import { actionsOf, iamStatements, synthesize } from './apps';

/** Folders whose code calls AWS with the WardenAudit role. */
const AUDIT_CALLERS = ['tasks/shared/inventory', 'tasks/shared/aws', 'tasks/collect', 'tasks/fetch-resource'];

/** `client:Operation` for every `new XCommand(` and `paginateX(` in a file, by the package it imports X from. */
function sdkCallsIn(file: string): string[] {
  const source = readFileSync(file, 'utf-8');
  const importedFrom = new Map<string, string>();
  for (const m of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
    for (const raw of m[1]!.split(',')) {
      const name = raw.trim().replace(/^type\s+/, '');
      if (name !== '') importedFrom.set(name, m[2]!);
    }
  }
  const calls: string[] = [];
  for (const m of source.matchAll(/new\s+([A-Z]\w*)Command\s*\(/g)) {
    const client = importedFrom.get(`${m[1]}Command`);
    if (client === undefined)
      throw new Error(`${file}: ${m[1]}Command is not imported from an @aws-sdk/client-* package`);
    calls.push(`${client}:${m[1]}`);
  }
  for (const m of source.matchAll(/\bpaginate([A-Z]\w*)\s*\(/g)) {
    const client = importedFrom.get(`paginate${m[1]}`);
    if (client === undefined)
      throw new Error(`${file}: paginate${m[1]} is not imported from an @aws-sdk/client-* package`);
    calls.push(`${client}:${m[1]}`);
  }
  return calls;
}

function auditCallerCalls(): Map<string, string[]> {
  const byCall = new Map<string, string[]>();
  for (const dir of AUDIT_CALLERS) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const call of sdkCallsIn(join(dir, name))) byCall.set(call, [...(byCall.get(call) ?? []), `${dir}/${name}`]);
    }
  }
  return byCall;
}

const table = new Set(COLLECTOR_API_CALLS.map((c) => `${c.client}:${c.operation}`));

describe('collector permissions (infra/permissions.ts)', () => {
  it('the source scan finds the calls it must (guards the scan itself)', () => {
    const calls = auditCallerCalls();
    expect(calls.get('s3:ListBuckets')).toContain('tasks/shared/inventory/s3-buckets.ts');
    expect(calls.get('ec2:DescribeInstances')).toContain('tasks/shared/inventory/ec2-instances.ts');
    expect(calls.get('sts:AssumeRole')).toContain('tasks/shared/aws/credentials.ts');
  });

  it('every SDK call of the collectors and the event reader has its IAM action in COLLECTOR_API_CALLS', () => {
    const missing = [...auditCallerCalls().entries()]
      .filter(([call]) => !table.has(call))
      .map(([call, files]) => `${call} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('COLLECTOR_API_CALLS lists nothing the code no longer calls', () => {
    const calls = auditCallerCalls();
    expect([...table].filter((call) => !calls.has(call))).toEqual([]);
  });

  it('maps S3 operations to their IAM action names, which differ from the API names', () => {
    const action = (client: string, operation: string) =>
      COLLECTOR_API_CALLS.find((c) => c.client === client && c.operation === operation)?.action;
    expect(action('s3', 'ListBuckets')).toBe('s3:ListAllMyBuckets');
    expect(action('s3', 'GetBucketEncryption')).toBe('s3:GetEncryptionConfiguration');
    expect(action('s3', 'GetPublicAccessBlock')).toBe('s3:GetBucketPublicAccessBlock');
    expect(action('s3-control', 'GetPublicAccessBlock')).toBe('s3:GetAccountPublicAccessBlock');
  });
});

describe('what the collectors declare (the source of every rule read permission)', () => {
  // The Config query itself is no collector's read; the recorder reads are (Warden::Config::RegionStatus).
  const memberCalls = COLLECTOR_API_CALLS.filter(
    (c) => c.grantedIn === 'member' && !(c.client === 'config-service' && c.operation === 'SelectResourceConfig'),
  );

  it('each resource type declares exactly the IAM actions of the member-side calls its collectors make', () => {
    const declared = new Set(Object.values(COLLECTOR_READS).flat());
    expect([...declared].sort()).toEqual([...new Set(memberCalls.map((c) => c.action))].sort());
  });

  it("a rule's read permissions are its types' collectors' reads, composed by defineRule", () => {
    for (const rule of RULES as readonly Rule<unknown>[]) {
      const types = [...rule.resourceTypes, ...(rule.relatedTypes ?? [])];
      expect([...rule.permissions.read].sort(), rule.id).toEqual(
        [...new Set(types.flatMap((type) => COLLECTOR_READS[type] ?? []))].sort(),
      );
    }
  });
});

describe('member role actions', () => {
  const app = synthesize({});
  const statements = iamStatements(app.memberTemplate);
  const roleActions = (prefix: string) =>
    statements
      .filter((s) => s.logicalId.startsWith(prefix))
      .flatMap((s) => actionsOf(s.statement))
      .sort();

  const memberCollectorActions = COLLECTOR_API_CALLS.filter((c) => c.grantedIn === 'member').map((c) => c.action);
  const declaredReads = (RULES as readonly Rule<unknown>[]).flatMap((r) => r.permissions.read);
  // Remediate re-reads the resource before and after each write (issue 14 item 3): a remediable rule's reads too.
  const declaredRemediations = (RULES as readonly Rule<unknown>[])
    .filter((r) => r.remediation !== undefined)
    .flatMap((r) => [...(r.remediation?.permissions ?? []), ...r.permissions.read]);

  it('WardenAudit holds exactly every rule read permission and every member-side collector call', () => {
    expect(roleActions('AuditRole')).toEqual([...new Set([...declaredReads, ...memberCollectorActions])].sort());
  });

  it('WardenAudit holds no write action: nothing it has is a remediation action that no rule declares as a read', () => {
    const reads = new Set([...declaredReads, ...memberCollectorActions]);
    expect(roleActions('AuditRole').filter((a) => !reads.has(a))).toEqual([]);
    expect(roleActions('AuditRole').filter((a) => /:(Put|Create|Delete|Modify|Revoke|Enable|Update)/.test(a))).toEqual(
      [],
    );
  });

  it('WardenRemediate holds exactly the remediation and read permissions of the enabled remediable rules (all rules, by default)', () => {
    expect(roleActions('RemediateRole')).toEqual([...new Set(declaredRemediations)].sort());
  });

  it('a rule disabled in the warden config adds none of its remediation actions', () => {
    const config = { rules: { 's3-bucket-encryption': { enabled: false } } };
    expect(remediateActions(parseWardenConfig(config))).not.toContain('s3:PutEncryptionConfiguration');
    const disabled = synthesize({ warden: config });
    const actions = iamStatements(disabled.memberTemplate)
      .filter((s) => s.logicalId.startsWith('RemediateRole'))
      .flatMap((s) => actionsOf(s.statement));
    expect(actions).not.toContain('s3:PutEncryptionConfiguration');
    // The read side stays: a disabled rule can be enabled without touching the member accounts' read access.
    const audit = iamStatements(disabled.memberTemplate)
      .filter((s) => s.logicalId.startsWith('AuditRole'))
      .flatMap((s) => actionsOf(s.statement));
    expect(audit).toContain('s3:GetEncryptionConfiguration');
  });

  it('auditActions is the union of what the given rules read plus the collectors', () => {
    const rule = { permissions: { read: ['ec2:DescribeFlowLogs'] } } as unknown as Rule<unknown>;
    expect(auditActions([rule])).toEqual([...new Set(['ec2:DescribeFlowLogs', ...memberCollectorActions])].sort());
  });
});

describe('eventsToForward', () => {
  it('merges the CloudTrail triggers by source and derives the other event kinds from the rules', () => {
    const forwarded = eventsToForward([
      { triggers: { cloudTrail: [{ source: 'aws.s3', eventNames: ['PutBucketEncryption', 'CreateBucket'] }] } },
      {
        triggers: {
          cloudTrail: [{ source: 'aws.s3', eventNames: ['CreateBucket', 'DeleteBucketEncryption'] }],
          configChange: true,
        },
        resourceTypes: ['AWS::S3::Bucket'],
      },
      { triggers: { signIn: true } },
    ]);
    expect([...forwarded.apiCalls.entries()]).toEqual([
      ['aws.s3', ['CreateBucket', 'DeleteBucketEncryption', 'PutBucketEncryption']],
    ]);
    expect(forwarded).toMatchObject({
      allWriteApiCalls: false,
      signIn: true,
      parameterStore: false,
      configResourceTypes: ['AWS::S3::Bucket'],
    });
  });

  it('the watch-list rule needs every write API call', () => {
    expect(eventsToForward([{ triggers: { watchList: true } }]).allWriteApiCalls).toBe(true);
  });
});
