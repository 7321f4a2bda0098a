/**
 * `Resolve targets`: turns the execution input into the sweep's fixed parameters and the list of
 * accounts to visit (the `Accounts` registry), and validates every exemption item once so the
 * report can list the ones that will never match.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RULES } from '../rules/index';
import { activeRules, selectRules } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import { scanAll } from '../shared/dynamo';
import { describeError } from '../shared/errors';
import { parseExemption } from '../shared/exemptions';
import { type AccountTarget, type ExemptionProblem, MODES } from '../shared/model';
import { AccountTargetSchema, parseInput, type Sweep } from '../shared/schemas';

/** What a person or the scheduler may put in a sweep execution's input. */
const SweepRequestSchema = z
  .object({
    /** Ceiling on what rules may do in this execution. @default 'remediate' (each rule's own mode applies) */
    mode: z.enum(MODES).default('remediate'),
    /** Plan remediations without sending them. @default false */
    dryRun: z.boolean().default(false),
    /** Only these rule ids. @default all enabled rules */
    rules: z.array(z.string().min(1)).min(1).optional(),
    /** Only these account ids. @default every enabled account in the registry */
    accounts: z.array(z.string().regex(/^\d{12}$/)).min(1).optional(),
    /** Free text saying what started the execution (schedule, operator, …). */
    trigger: z.string().optional(),
  })
  .strict();

const ResolveTargetsInputSchema = z.object({
  request: z.unknown(),
  executionName: z.string().min(1),
  executionArn: z.string().min(1),
  startedAt: z.string().min(1),
});

interface InvalidTarget {
  readonly accountId: string;
  readonly alias: string;
  readonly error: string;
}

interface ResolveTargetsOutput {
  readonly sweep: Sweep;
  readonly targets: AccountTarget[];
  readonly invalidTargets: InvalidTarget[];
  readonly exemptionProblems: ExemptionProblem[];
}

interface ResolveTargetsDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly accountsTable: string;
  readonly exemptionsTable: string;
  readonly config: WardenConfig;
}

function createResolveTargets(deps: ResolveTargetsDeps) {
  return async (event: unknown): Promise<ResolveTargetsOutput> => {
    const input = parseInput(ResolveTargetsInputSchema, event, 'Resolve targets input');
    const request = parseInput(SweepRequestSchema, input.request ?? {}, 'Sweep request');
    // Fails the execution up front on a rule id that is not enabled, instead of sweeping with nothing.
    selectRules(activeRules(deps.config), request.rules);

    const sweep: Sweep = {
      sweepId: input.executionName,
      executionName: input.executionName,
      executionArn: input.executionArn,
      startedAt: input.startedAt,
      mode: request.mode,
      dryRun: request.dryRun,
      rules: request.rules ?? null,
    };
    const { targets, invalidTargets } = await readTargets(deps, request.accounts);
    const exemptionProblems = await validateExemptions(deps);
    return { sweep, targets, invalidTargets, exemptionProblems };
  };
}

const RegistryItemSchema = AccountTargetSchema.extend({
  regions: AccountTargetSchema.shape.regions.optional(),
  /** @default true */
  enabled: z.boolean().optional(),
});

async function readTargets(
  deps: ResolveTargetsDeps,
  only: readonly string[] | undefined,
): Promise<{ targets: AccountTarget[]; invalidTargets: InvalidTarget[] }> {
  const targets: AccountTarget[] = [];
  const invalidTargets: InvalidTarget[] = [];
  const items = await scanAll(deps.ddb, deps.accountsTable);
  for (const item of items) {
    const parsed = RegistryItemSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      invalidTargets.push({
        accountId: typeof item.accountId === 'string' ? item.accountId : '(missing accountId)',
        alias: typeof item.alias === 'string' ? item.alias : '',
        error: `invalid Accounts item: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      });
      continue;
    }
    const { enabled, regions, ...rest } = parsed.data;
    if (enabled === false) continue;
    if (only !== undefined && !only.includes(rest.accountId)) continue;
    targets.push({ ...rest, regions: regions ?? deps.config.defaultRegions });
  }
  targets.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { targets, invalidTargets };
}

async function validateExemptions(deps: ResolveTargetsDeps): Promise<ExemptionProblem[]> {
  const knownRuleIds = new Set(RULES.map((r) => r.id));
  let items: Record<string, unknown>[];
  try {
    items = await scanAll(deps.ddb, deps.exemptionsTable);
  } catch (error) {
    // Never fatal: Check exemptions reads per account and turns its own failure into NOTIFY decisions.
    return [{ exemptionId: '*', problem: `the Exemptions table could not be read: ${describeError(error)}` }];
  }
  const problems: ExemptionProblem[] = [];
  for (const item of items) {
    const parsed = parseExemption(item, knownRuleIds);
    if (!parsed.ok) problems.push(parsed.problem);
  }
  return problems.sort((a, b) => a.exemptionId.localeCompare(b.exemptionId));
}

export { createResolveTargets, SweepRequestSchema };
export type { InvalidTarget, ResolveTargetsDeps, ResolveTargetsOutput };
