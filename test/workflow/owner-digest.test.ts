/**
 * Owner routing and the immediate severity through the synthesized SweepStateMachine (issue 20
 * item 10), over the bundled sample estate with a deployment config that names a stack's owner and
 * lowers `immediateSeverity` to HIGH: the stack's resources go to the stack's owner, HIGH and
 * CRITICAL remediations are also sent on their own (`Immediate or digest` → `Notify owner`), the
 * others only in their owner's digest (`In owner digest`), and still one digest per owner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { cdkJsonContext, synthesizeWorkflows } from '../../local/workflows';
import type { Report } from '../../tasks/shared/report';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

const STACK_OWNER = 'payments-core-team@example.com';
let result: LocalSweepResult & { report: Report };

beforeAll(async () => {
  const run = await runLocalSweep({
    items: await estateItems(),
    accounts,
    exemptions,
    request: { dryRun: true },
    now: NOW,
    workflows: synthesizeWorkflows({
      ...cdkJsonContext(),
      warden: { immediateSeverity: 'HIGH', stackOwners: { 'payments-core': STACK_OWNER } },
    }),
  });
  if (run.report === undefined) throw new Error(`sweep failed: ${run.execution.cause}`);
  result = run as LocalSweepResult & { report: Report };
}, 120_000);

const published = (state: string) => result.published.filter((m) => m.state === state);

describe('a sweep with stack owners and immediateSeverity HIGH', () => {
  it('sends HIGH and CRITICAL remediations on their own, the others only in the digest', () => {
    const remediated = result.report.findings.filter((f) => f.decision === 'REMEDIATE');
    const urgent = remediated.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
    expect(urgent.length).toBeGreaterThan(0);
    expect(urgent.length).toBeLessThan(remediated.length);
    const single = published('Notify owner');
    expect(single.map((m) => m.Message.match(/^Finding: (\S+)$/m)?.[1]).sort()).toEqual(
      urgent.map((f) => f.findingId).sort(),
    );
    // Every remediation, sent on its own or not, is in exactly one digest.
    const digests = published('Notify owners');
    for (const f of remediated)
      expect(
        digests.filter((m) => m.Message.includes(f.findingId)),
        f.findingId,
      ).toHaveLength(1);
  });

  it("routes the stack's resources to the stack's owner, with ownerSource on the message", () => {
    const bucket = result.report.findings.find(
      (f) => f.ruleId === 's3-bucket-encryption' && f.resourceId === 'payments-core-artifactsbucket-1x8qk2m4v7zd',
    );
    expect(bucket?.decision).toBe('REMEDIATE');
    const single = published('Notify owner').find((m) => m.Message.includes(bucket?.findingId ?? '?'));
    expect(single?.MessageAttributes?.owner?.StringValue).toBe(STACK_OWNER);
    expect(single?.MessageAttributes?.ownerSource?.StringValue).toBe('stack');
    expect(single?.Message).toContain(`Owner: ${STACK_OWNER} (its stack's owner)`);
    const digest = published('Notify owners').filter((m) => m.MessageAttributes?.owner?.StringValue === STACK_OWNER);
    expect(digest).toHaveLength(1);
    expect(digest[0]?.Message).toContain(bucket?.findingId);
    expect(digest[0]?.MessageAttributes?.ownerSource?.StringValue).toBe('stack');
  });

  it('still sends one digest per owner: the default run’s seven, and the stack owner’s', () => {
    const owners = published('Notify owners').map((m) => m.MessageAttributes?.owner?.StringValue);
    expect(new Set(owners).size).toBe(owners.length);
    expect(owners).toHaveLength(8);
    expect(owners).toContain(STACK_OWNER);
  });
});
