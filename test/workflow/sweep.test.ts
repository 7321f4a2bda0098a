/**
 * Runs the synthesized SweepStateMachine locally over the bundled sample estate and checks what a
 * person would check: every case decided right, remediations planned with the exact calls, the
 * ledger and the notifications complete, and failures handled as branches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { workflows } from '../../local/workflows';
import { RULES } from '../../tasks/rules/index';
import type { ConfigurationItem } from '../../tasks/shared/model';
import type { Report, ReportFinding } from '../../tasks/shared/report';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

let items: ConfigurationItem[];
let result: LocalSweepResult;
let report: Report;

function finding(ruleId: string, resourceId: string): ReportFinding {
  const f = report.findings.find((x) => x.ruleId === ruleId && x.resourceId === resourceId);
  if (f === undefined) throw new Error(`no ${ruleId} finding for ${resourceId}`);
  return f;
}

/** Who a finding's messages go to, from the estate itself: its resource's Owner tag unless a placeholder, else its account's owner. */
function expectedOwner(f: ReportFinding): string {
  const tag = items.find((ci) => ci.arn === f.arn && ci.accountId === f.accountId)?.tags.Owner;
  if (tag !== undefined && tag !== 'unassigned') return tag;
  return (accounts as { accountId: string; owner: string }[]).find((a) => a.accountId === f.accountId)?.owner ?? '';
}

beforeAll(async () => {
  items = await estateItems();
  result = await runLocalSweep({
    items,
    accounts,
    exemptions,
    request: { dryRun: true },
    executionName: 'sweep-2026-11-22T06-00Z',
    now: NOW,
  });
  if (result.report === undefined) throw new Error(`sweep failed: ${result.execution.cause}`);
  report = result.report;
});

describe('sweep over the bundled estate', () => {
  it('succeeds and counts every state it entered', () => {
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(result.execution.name).toBe('sweep-2026-11-22T06-00Z');
    // 4 top-level states; 5 per reachable account; 3 for the unreachable one; per account-region with
    // findings to remediate, For each page and per page of up to 20 Load, For each finding and Save;
    // 6 per REMEDIATE finding (Decide, Remediate, Record remediation, Immediate or digest, Notify
    // owner or In owner digest, Finding done). NOTIFY findings have no state of their own: they go to
    // their owner in one message (Notify owners).
    const remediate = report.findings.filter((f) => f.decision === 'REMEDIATE');
    const perRegion = new Map<string, number>();
    for (const f of remediate)
      perRegion.set(`${f.accountId} ${f.region}`, (perRegion.get(`${f.accountId} ${f.region}`) ?? 0) + 1);
    const pages = [...perRegion.values()].reduce((n, count) => n + Math.ceil(count / 20), 0);
    expect(result.execution.stateTransitions).toBe(4 + 3 * 5 + 3 + perRegion.size + 3 * pages + 6 * remediate.length);
    // Every state's payload stays far below Step Functions' 256 KiB.
    expect(result.execution.largestPayload?.bytes).toBeLessThan(64 * 1024);
  });

  it('reports the account without data as UNREACHABLE and still sweeps the others', () => {
    expect(report.accounts.map((a) => [a.accountId, a.alias, a.status])).toEqual([
      ['111111111111', 'payments-prod', 'OK'],
      ['222222222222', 'data-platform', 'OK'],
      ['333333333333', 'sandbox', 'OK'],
      ['444444444444', 'legacy-archive', 'UNREACHABLE'],
    ]);
    expect(report.accounts[3]?.error).toContain('no configuration items for account 444444444444');
    const unreachable = result.published.filter((m) => m.state === 'Notify operators');
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]?.Subject).toBe('[HIGH] Warden could not reach account 444444444444');
  });

  it('counts every evaluation, and lists only non-compliant and error findings', () => {
    const swept = new Set(['111111111111', '222222222222', '333333333333']);
    const ofTypes = (types: readonly string[]) =>
      items.filter((ci) => swept.has(ci.accountId) && types.includes(ci.resourceType)).length;
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    for (const rule of RULES) expect(total(report.counts[rule.id] ?? {}), rule.id).toBe(ofTypes(rule.resourceTypes));
    expect(report.resourcesEvaluated).toBe(ofTypes(RULES.flatMap((r) => [...r.resourceTypes])));
    const nonCompliant = Object.values(report.counts).reduce((a, c) => a + c.NON_COMPLIANT + c.ERROR, 0);
    expect(report.findings).toHaveLength(nonCompliant);
  });

  it('exempts the legacy-logs-* buckets with the SUPPRESS glob, anchored', () => {
    for (const id of ['legacy-logs-2019', 'legacy-logs-2020', 'legacy-logs-2021']) {
      const f = finding('s3-bucket-encryption', id);
      expect([f.decision, f.exemptionId, f.notified]).toEqual(['EXEMPT', 'ex-legacy-logs', 'NOT_SENT']);
    }
    const anchored = finding('s3-bucket-encryption', 'x-legacy-logs-1');
    expect(anchored.decision).toBe('REMEDIATE');
    expect(anchored.exemptionId).toBeUndefined();
  });

  it('never lets an expired exemption match', () => {
    const f = finding('s3-bucket-encryption', 'payments-prod-exports-2017');
    expect(f.decision).toBe('REMEDIATE');
    expect(f.exemptionId).toBeUndefined();
  });

  it('notifies, never remediates, a NOTIFY_ONLY exemption', () => {
    const f = finding('ec2-instance-required-tags', 'i-08a18a0ae46264ae2');
    expect([f.decision, f.exemptionId, f.notified, f.remediation]).toEqual([
      'NOTIFY',
      'ex-etl-runner-notify-only',
      'OUTBOX',
      undefined,
    ]);
  });

  it('reports the malformed exemption and lets it match nothing', () => {
    expect(report.exemptionProblems).toEqual([
      { exemptionId: 'ex-sandbox-tags-unapproved', problem: expect.stringContaining('approvedBy') },
    ]);
    const sandbox = report.findings.filter((f) => f.accountId === '333333333333');
    expect(sandbox.length).toBeGreaterThan(0);
    for (const f of sandbox) expect(f.exemptionId).toBeUndefined();
  });

  it('never remediates what the malformed exemption was meant to cover: NOTIFY naming it, nothing EXEMPT', () => {
    const covered = report.findings.filter(
      (f) => f.accountId === '333333333333' && f.ruleId === 'ec2-instance-required-tags',
    );
    expect(covered.length).toBe(3);
    for (const f of covered) {
      expect([f.decision, f.remediation]).toEqual(['NOTIFY', undefined]);
      expect(f.decisionReason).toBe(
        'exemption ex-sandbox-tags-unapproved covers this resource but is not honoured (approvedBy: required, non-empty): notifying instead of remediating',
      );
    }
    // Outside its rule the item holds nothing back.
    const publicSite = finding('s3-bucket-public-access-block', 'sandbox-public-site');
    expect(publicSite.decision).toBe('REMEDIATE');
  });

  it('plans the exact PutBucketEncryption call and names the owning stack', () => {
    const f = finding('s3-bucket-encryption', 'payments-core-artifactsbucket-1x8qk2m4v7zd');
    expect(f.remediation).toMatchObject({
      outcome: 'PLANNED',
      apiCalls: [
        {
          service: 's3',
          operation: 'PutBucketEncryption',
          input: {
            Bucket: 'payments-core-artifactsbucket-1x8qk2m4v7zd',
            ExpectedBucketOwner: '111111111111',
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
            },
          },
        },
      ],
      iac: {
        tool: 'cloudformation',
        stack: 'payments-core',
        logicalId: 'ArtifactsBucket',
        propertyPath:
          'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm',
      },
    });
  });

  it('plans CreateTags for exactly the missing keys', () => {
    const f = finding('ec2-instance-required-tags', 'i-016e833cbe5413ff9');
    expect(f.remediation?.apiCalls).toEqual([
      {
        service: 'ec2',
        operation: 'CreateTags',
        input: { Resources: ['i-016e833cbe5413ff9'], Tags: [{ Key: 'Owner', Value: 'unassigned' }] },
      },
    ]);
  });

  it('records every remediation in the ledger and notifies every actionable finding, NOTIFY ones once per owner', () => {
    const remediated = report.findings.filter((f) => f.decision === 'REMEDIATE');
    expect(remediated.length).toBeGreaterThan(0);
    const remediations = result.ledger.filter((r) => r.outcome !== undefined);
    expect(new Set(remediations.map((r) => r.findingId))).toEqual(new Set(remediated.map((f) => f.findingId)));
    // Every other decision but NONE has its record too.
    const others = report.findings.filter((f) => f.decision === 'NOTIFY' || f.decision === 'EXEMPT');
    expect(
      new Set(result.ledger.filter((r) => r.outcome === undefined).map((r) => `${r.findingId} ${r.decision}`)),
    ).toEqual(new Set(others.map((f) => `${f.findingId} ${f.decision}`)));
    for (const record of remediations) {
      expect(record).toMatchObject({
        outcome: 'PLANNED',
        decision: 'REMEDIATE',
        executionName: 'sweep-2026-11-22T06-00Z',
        executionArn: expect.stringMatching(/^arn:aws:states:.*:execution:.*:sweep-2026-11-22T06-00Z$/),
        resource: { arn: record.arn, account: record.accountId, region: record.region },
      });
      expect((record.apiCalls as unknown[]).length).toBeGreaterThan(0);
    }
    const actionable = report.findings.filter((f) => f.decision === 'REMEDIATE' || f.decision === 'NOTIFY');
    // Only CRITICAL remediations (immediateSeverity's default) are also sent on their own.
    const immediate = remediated.filter((f) => f.severity === 'CRITICAL');
    expect(result.published.filter((m) => m.state === 'Notify owner')).toHaveLength(immediate.length);
    // One message per owner and sweep, for all of their NOTIFY and REMEDIATE findings, each named in
    // exactly one; the owner is the resource's Owner tag, else its account's owner.
    const digests = result.published.filter((m) => m.state === 'Notify owners');
    expect(digests.map((m) => m.MessageAttributes?.owner?.StringValue).sort()).toEqual(
      [...new Set(actionable.map(expectedOwner))].sort(),
    );
    for (const f of actionable) {
      const carrying = digests.filter((m) => m.Message.includes(f.findingId));
      expect(
        carrying.map((m) => m.MessageAttributes?.owner?.StringValue),
        f.findingId,
      ).toEqual([expectedOwner(f)]);
      expect(carrying[0]?.Message).toContain(f.arn);
    }
    expect(report.notifications).toHaveLength(immediate.length + digests.length + 1);
    for (const f of actionable) expect(f.notified).toBe('OUTBOX');
  });

  it('sends the sample estate 7 owner digests and no per-remediation message (issue 20 item 10)', () => {
    const remediated = report.findings.filter((f) => f.decision === 'REMEDIATE');
    expect(remediated.length).toBe(12);
    expect(remediated.filter((f) => f.severity === 'CRITICAL')).toEqual([]);
    expect(result.published.filter((m) => m.state === 'Notify owners')).toHaveLength(7);
    expect(result.published.filter((m) => m.state === 'Notify owner')).toEqual([]);
    // Owners named by their resources' tags get their own digest, not their account owner's.
    const tagged = result.published.filter((m) => m.MessageAttributes?.owner?.StringValue === 'j.doe@example.com');
    expect(tagged.map((m) => m.state)).toEqual(['Notify owners']);
  });

  it('writes drift receipts by stack into the Markdown report', () => {
    expect(result.markdown).toContain('## Drift by stack');
    expect(result.markdown).toContain('### Stack `payments-core` (cloudformation)');
    expect(result.markdown).toContain('(logical id `ArtifactsBucket`)');
    // A dry run announces nothing: only applied remediations become `Warden Remediation Applied` events.
    expect(result.events).toEqual([]);
  });

  it('publishes the digest with the attributes subscribers filter on', () => {
    const message = result.published.find((m) => m.state === 'Notify owners' && m.Message.includes('x-legacy-logs-1'));
    expect(message?.Subject?.length).toBeLessThan(100);
    expect(message?.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      decision: { DataType: 'String', StringValue: 'NOTIFY' },
      kind: { DataType: 'String', StringValue: 'DIGEST' },
      accountId: { DataType: 'String', StringValue: '222222222222' },
      owner: { DataType: 'String', StringValue: 'data-engineering@example.com' },
    });
  });
});

describe('sweep modes and requests', () => {
  it('audit mode reports every non-compliant finding and acts on none', async () => {
    const audit = await runLocalSweep({ items, accounts, exemptions, request: { mode: 'audit' }, now: NOW });
    const findings = audit.report?.findings ?? [];
    // Exemptions still apply; a NOTIFY_ONLY exemption is reported with what it would do, not sent (issue 20 item 3).
    expect(new Set(findings.map((f) => f.decision))).toEqual(new Set(['NONE', 'EXEMPT']));
    expect(findings.find((f) => f.exemptionId === 'ex-etl-runner-notify-only')?.decisionReason).toMatch(
      /^mode is audit: reported only \(otherwise: exemption ex-etl-runner-notify-only \(notify only\)/,
    );
    expect(audit.ledger.filter((r) => r.outcome !== undefined)).toEqual([]);
    expect(audit.events).toEqual([]);
    // Nothing about a resource is sent; what Warden could not do (the unreachable account) still reaches operators.
    expect(new Set(audit.published.map((m) => m.state))).toEqual(new Set(['Notify operators']));
  });

  it('the kill switch set to notify stops every remediation and says why', async () => {
    const run = await runLocalSweep({ items, accounts, exemptions, killSwitch: 'notify', now: NOW });
    const findings = run.report?.findings ?? [];
    expect(findings.some((f) => f.decision === 'REMEDIATE')).toBe(false);
    const wouldRemediate = findings.filter(
      (f) => f.resourceId === 'x-legacy-logs-1' && f.ruleId === 's3-bucket-encryption',
    );
    expect(wouldRemediate[0]).toMatchObject({
      decision: 'NOTIFY',
      decisionReason: expect.stringContaining('kill switch is notify'),
    });
    expect(run.ledger.filter((r) => r.outcome !== undefined)).toEqual([]);
  });

  it('rejects a malformed request without sweeping anything', async () => {
    const bad = await runLocalSweep({ items, accounts, request: { mode: 'destroy' }, now: NOW });
    expect(bad.execution).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(bad.execution.cause).toContain('mode');
    expect(bad.published).toEqual([]);
  });

  it('sweeps only the requested rules', async () => {
    const only = await runLocalSweep({ items, accounts, request: { rules: ['s3-bucket-encryption'] }, now: NOW });
    expect(new Set(only.report?.findings.map((f) => f.ruleId))).toEqual(new Set(['s3-bucket-encryption']));
  });
});

describe('failures are branches', () => {
  it('an account whose evaluation crashes ends in Account failed; the others are swept', async () => {
    const run = await runLocalSweep({
      items,
      accounts,
      now: NOW,
      wrapTask: (task, run) => async (event) => {
        const { target } = event as { target: { accountId: string } };
        if (task === 'evaluate' && target.accountId === '222222222222') {
          throw Object.assign(new Error('out of memory'), { name: 'Runtime.OOM' });
        }
        return run(event);
      },
    });
    expect(run.execution.status).toBe('SUCCEEDED');
    const failed = run.report?.accounts.find((a) => a.accountId === '222222222222');
    expect(failed).toMatchObject({ status: 'FAILED', error: 'out of memory' });
    expect(run.report?.accounts.filter((a) => a.status === 'OK').map((a) => a.accountId)).toEqual([
      '111111111111',
      '333333333333',
    ]);
  });

  it('a remediation that crashes is recorded as FAILED and its owner is told', async () => {
    const run = await runLocalSweep({
      items,
      accounts,
      now: NOW,
      wrapTask: (task, run) => async (event) => {
        if (task === 'remediate') {
          throw Object.assign(new Error('Task timed out after 300.00 seconds'), { name: 'States.Timeout' });
        }
        return run(event);
      },
    });
    const remediated = run.report?.findings.filter((f) => f.decision === 'REMEDIATE') ?? [];
    expect(remediated.length).toBeGreaterThan(0);
    for (const f of remediated) {
      expect(f.remediation?.outcome).toBe('FAILED');
      expect(f.remediation?.error).toContain('timed out');
      expect(f.notified).toBe('OUTBOX');
    }
    expect(run.ledger.filter((r) => r.outcome !== undefined).map((r) => r.outcome)).toEqual(
      remediated.map(() => 'FAILED'),
    );
    const failures = run.published.filter((m) => m.Subject?.startsWith('[FAILED]'));
    expect(failures).toHaveLength(remediated.length);
  });

  it('a notification SNS refuses is reported as FAILED, and nothing else is lost', async () => {
    const run = await runLocalSweep({
      items,
      accounts,
      now: NOW,
      onPublish: (m) => {
        if (m.Message.includes('x-legacy-logs-1'))
          throw Object.assign(new Error('KMS key disabled'), { name: 'KMSDisabledException' });
      },
    });
    expect(run.execution.status).toBe('SUCCEEDED');
    const f = run.report?.findings.find((x) => x.resourceId === 'x-legacy-logs-1');
    expect(f?.notified).toBe('FAILED');
    expect(run.ledger.some((r) => String(r.arn).endsWith('x-legacy-logs-1'))).toBe(true);
  });

  it('the definition run here is the one synthesized from the CDK app', () => {
    const states = JSON.stringify(workflows().sweep.definition);
    for (const name of [
      'Resolve targets',
      'For each account',
      'Collect resources',
      'Evaluate rules',
      'Check exemptions',
      'Decide',
      'Remediate',
      'Record remediation',
      'Notify owner',
      'Account unreachable',
      'Notify owners',
      'Summarize',
    ]) {
      expect(states).toContain(`"${name}"`);
    }
  });
});
