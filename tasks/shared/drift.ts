/**
 * Drift receipts: for every remediation Warden applied (or planned, in a dry run), what the owning
 * team must put into their infrastructure-as-code so the next deploy does not undo it — grouped by
 * the stack that owns the resource. Built from ledger records.
 */
import type { IacHint } from './model';
import { markdownCode, markdownText } from './untrusted-text';

interface DriftReceipt {
  readonly findingId: string;
  readonly ruleId: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly outcome: 'SUCCEEDED' | 'SENT_UNVERIFIED' | 'PLANNED';
  readonly at: string;
  readonly executionName: string;
  readonly logicalId?: string;
  readonly propertyPath: string;
  readonly suggestedChange: string;
  readonly cdk?: string;
  readonly terraform?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

interface DriftGroup {
  /** The IaC stack, or `(no IaC stack)` when the resource carries none. */
  readonly stack: string;
  readonly tool: IacHint['tool'];
  /** Who to tell: the stack, else the account's owner. */
  readonly owner?: string;
  readonly receipts: DriftReceipt[];
}

const NO_STACK = '(no IaC stack)';

/** Receipts of the remediation records among `records` (other decisions are not drift), grouped by stack. */
function driftByStack(records: readonly Record<string, unknown>[]): DriftGroup[] {
  const groups = new Map<string, { stack: string; tool: IacHint['tool']; owner?: string; receipts: DriftReceipt[] }>();
  for (const r of records) {
    if (r.outcome !== 'SUCCEEDED' && r.outcome !== 'SENT_UNVERIFIED' && r.outcome !== 'PLANNED') continue;
    const iac = (r.iac ?? undefined) as IacHint | undefined;
    const stack = iac?.stack ?? NO_STACK;
    const owner = typeof r.owner === 'string' ? r.owner : undefined;
    const key = `${stack}\n${iac?.stack === undefined ? (owner ?? '') : ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { stack, tool: iac?.tool ?? 'unknown', ...(owner !== undefined ? { owner } : {}), receipts: [] };
      groups.set(key, group);
    }
    group.receipts.push({
      findingId: String(r.findingId),
      ruleId: String(r.ruleId),
      arn: String(r.arn),
      accountId: String(r.accountId),
      region: String(r.region),
      outcome: r.outcome,
      at: String(r.at),
      executionName: String(r.executionName),
      ...(iac?.logicalId !== undefined ? { logicalId: iac.logicalId } : {}),
      propertyPath: iac?.propertyPath ?? '(unknown)',
      suggestedChange: iac?.suggestedChange ?? '(see the API calls in the ledger record)',
      ...(iac?.cdk !== undefined ? { cdk: iac.cdk } : {}),
      ...(iac?.terraform !== undefined ? { terraform: iac.terraform } : {}),
      ...(r.before !== undefined ? { before: r.before } : {}),
      ...(r.after !== undefined ? { after: r.after } : {}),
    });
  }
  return [...groups.values()]
    .map((g) => ({ ...g, receipts: g.receipts.sort((a, b) => a.at.localeCompare(b.at) || a.arn.localeCompare(b.arn)) }))
    .sort((a, b) => (a.stack === NO_STACK ? 1 : b.stack === NO_STACK ? -1 : a.stack.localeCompare(b.stack)));
}

function renderDriftMarkdown(groups: readonly DriftGroup[]): string {
  if (groups.length === 0) return 'No remediation drifted from its infrastructure-as-code.\n';
  const out: string[] = [];
  for (const g of groups) {
    const heading =
      g.stack === NO_STACK
        ? `### ${NO_STACK}${g.owner !== undefined ? ` — owner ${markdownText(g.owner)}` : ''}`
        : `### Stack ${markdownCode(g.stack)} (${markdownText(g.tool)})`;
    out.push(heading, '');
    out.push(
      g.stack === NO_STACK
        ? 'Warden changed these resources; no IaC stack is tagged on them. Whoever manages them must make the change permanent:'
        : 'Warden changed these resources of your stack. Put each change into the template, or your next deploy reverts it:',
      '',
    );
    for (const r of g.receipts) {
      const what =
        r.outcome === 'PLANNED'
          ? 'would change (dry run)'
          : r.outcome === 'SENT_UNVERIFIED'
            ? 'changed (not verified: the read-back failed)'
            : 'changed';
      out.push(
        `- ${markdownCode(r.arn)}${r.logicalId !== undefined ? ` (logical id ${markdownCode(r.logicalId)})` : ''} — ${markdownText(r.ruleId)}, ${what} at ${markdownText(r.at)}`,
      );
      out.push(`  - CloudFormation: ${markdownCode(r.propertyPath)}: ${markdownText(r.suggestedChange, 4096)}`);
      if (r.cdk !== undefined) out.push(`  - CDK: ${markdownCode(r.cdk, 4096)}`);
      if (r.terraform !== undefined) out.push(`  - Terraform: ${markdownCode(r.terraform, 4096)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

export type { DriftGroup, DriftReceipt };
export { driftByStack, NO_STACK, renderDriftMarkdown };
