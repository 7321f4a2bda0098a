/**
 * `Resolve targets`: turns the execution input into the sweep's fixed parameters and the list of
 * accounts to visit, and validates every exemption item once so the report can list the ones that
 * will never match. Accounts come from the `Accounts` table, from AWS Organizations, or both (the
 * table's item overriding the organization's view of that account, field by field).
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { activeRules, KNOWN_RULE_IDS, selectRules } from '../rules/settings';
import { accountMode, type WardenConfig } from '../shared/config';
import { scanAll } from '../shared/dynamo';
import { describeError } from '../shared/errors';
import { sortExemptions } from '../shared/exemption-policy';
import { type AccountTarget, type ExemptionProblem, MODES } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { listOrganizationAccounts, type OrganizationAccount } from '../shared/organizations';
import { AccountIdSchema, AccountTargetSchema, parseInput, type Sweep } from '../shared/schemas';
import { untrusted } from '../shared/untrusted-text';

const ACCOUNTS_SOURCES = ['table', 'organizations', 'both'] as const;
type AccountsSource = (typeof ACCOUNTS_SOURCES)[number];

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
    accounts: z
      .array(z.string().regex(/^\d{12}$/))
      .min(1)
      .optional(),
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
  /** Where the accounts come from. @default 'table' */
  readonly accountsSource?: AccountsSource;
  /** Required when `accountsSource` is `organizations` or `both`. */
  readonly organizations?: OrganizationsClient;
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

/**
 * What the state gets: keys and counts only. The target list, the invalid Accounts items and the
 * exemption problems are in the artifacts bucket (`For each account` reads the first, `Summarize`
 * the other two): an organization's lists would not fit the 256 KiB state payload.
 */
interface StoredTargetsOutput {
  readonly sweep: Sweep;
  readonly targetsRef: string;
  readonly targetCount: number;
  readonly invalidTargetsRef: string;
  readonly invalidTargetCount: number;
  readonly exemptionProblemsRef: string;
  readonly exemptionProblemCount: number;
}

/**
 * Stores the resolved lists and passes on their keys and sizes. The target list is a JSON array,
 * what the Distributed Map's ItemReader reads.
 */
function storingTargets(store: ObjectStore, resolve: (event: unknown) => Promise<ResolveTargetsOutput>) {
  return async (event: unknown): Promise<StoredTargetsOutput> => {
    const { sweep, targets, invalidTargets, exemptionProblems } = await resolve(event);
    const targetsRef = artifactKeys.targets(sweep.sweepId);
    const invalidTargetsRef = artifactKeys.invalidTargets(sweep.sweepId);
    const exemptionProblemsRef = artifactKeys.exemptionProblems(sweep.sweepId);
    await Promise.all([
      store.putJson(targetsRef, targets),
      store.putJson(invalidTargetsRef, invalidTargets),
      store.putJson(exemptionProblemsRef, exemptionProblems),
    ]);
    return {
      sweep,
      targetsRef,
      targetCount: targets.length,
      invalidTargetsRef,
      invalidTargetCount: invalidTargets.length,
      exemptionProblemsRef,
      exemptionProblemCount: exemptionProblems.length,
    };
  };
}

const RegistryItemSchema = AccountTargetSchema.extend({
  regions: AccountTargetSchema.shape.regions.optional(),
  /** @default true */
  enabled: z.boolean().optional(),
});

/** With `both`, a table item may only override some fields of an organization account. */
const OverrideItemSchema = RegistryItemSchema.partial().extend({ accountId: AccountIdSchema });

function invalidItem(item: Record<string, unknown>, error: z.ZodError): InvalidTarget {
  const issue = error.issues[0];
  return {
    accountId: typeof item.accountId === 'string' ? item.accountId : '(missing accountId)',
    // The report shows it: an alias refused for its control characters is shown escaped.
    alias: typeof item.alias === 'string' ? untrusted(item.alias) : '',
    error: `invalid Accounts item: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
  };
}

async function readTargets(
  deps: ResolveTargetsDeps,
  only: readonly string[] | undefined,
): Promise<{ targets: AccountTarget[]; invalidTargets: InvalidTarget[] }> {
  const source = deps.accountsSource ?? 'table';
  const candidates: { target: AccountTarget; enabled: boolean }[] = [];
  const invalidTargets: InvalidTarget[] = [];
  const items = source === 'organizations' ? [] : await scanAll(deps.ddb, deps.accountsTable);

  if (source === 'table') {
    for (const item of items) {
      const parsed = RegistryItemSchema.safeParse(item);
      if (!parsed.success) {
        invalidTargets.push(invalidItem(item, parsed.error));
        continue;
      }
      const { enabled, regions, ...rest } = parsed.data;
      candidates.push({
        target: { ...rest, regions: regions ?? deps.config.defaultRegions },
        enabled: enabled !== false,
      });
    }
  } else {
    if (deps.organizations === undefined) {
      throw new Error(`accounts source "${source}" needs an AWS Organizations client`);
    }
    const organization = await listOrganizationAccounts(deps.organizations);
    const overrides = new Map<string, z.infer<typeof OverrideItemSchema>>();
    for (const item of items) {
      const parsed = OverrideItemSchema.safeParse(item);
      if (parsed.success) overrides.set(parsed.data.accountId, parsed.data);
      else invalidTargets.push(invalidItem(item, parsed.error));
    }
    for (const account of organization.active) {
      const merged = mergeOverride(account, overrides.get(account.accountId), deps.config.defaultRegions);
      overrides.delete(account.accountId);
      // The alias and owner may come from the account's tags: validated as a table item is.
      const checked = AccountTargetSchema.safeParse(merged.target);
      if (checked.success) candidates.push(merged);
      else invalidTargets.push(invalidItem(merged.target as unknown as Record<string, unknown>, checked.error));
    }
    // Table items for accounts the organization does not list: swept if complete (e.g. outside the
    // organization); never for accounts the organization lists as suspended or closing.
    for (const [accountId, override] of overrides) {
      if (organization.inactive.has(accountId)) continue;
      const parsed = RegistryItemSchema.safeParse(override);
      if (!parsed.success) {
        invalidTargets.push(invalidItem(override, parsed.error));
        continue;
      }
      const { enabled, regions, ...rest } = parsed.data;
      candidates.push({
        target: { ...rest, regions: regions ?? deps.config.defaultRegions },
        enabled: enabled !== false,
      });
    }
  }

  const targets = candidates
    .filter(({ target, enabled }) => enabled && (only === undefined || only.includes(target.accountId)))
    .map(({ target }) => withAccountMode(target, deps.config))
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { targets, invalidTargets };
}

/** The account's `mode` made the ceiling of its own setting and its OU's (config `organizationalUnits`). */
function withAccountMode(target: AccountTarget, config: WardenConfig): AccountTarget {
  const mode = accountMode(config, target);
  return mode === undefined ? target : { ...target, mode };
}

/** The organization's account, with every field the table item sets taking precedence. */
function mergeOverride(
  account: OrganizationAccount,
  override: z.infer<typeof OverrideItemSchema> | undefined,
  defaultRegions: readonly string[],
): { target: AccountTarget; enabled: boolean } {
  const owner = override?.owner ?? account.owner;
  const ou = override?.ou ?? account.ou;
  const mode = override?.mode;
  return {
    target: {
      accountId: account.accountId,
      alias: override?.alias ?? account.alias,
      ...(owner !== undefined ? { owner } : {}),
      ...(ou !== undefined ? { ou } : {}),
      regions: override?.regions ?? defaultRegions,
      ...(mode !== undefined ? { mode } : {}),
    },
    enabled: override?.enabled !== false,
  };
}

async function validateExemptions(deps: ResolveTargetsDeps): Promise<ExemptionProblem[]> {
  let items: Record<string, unknown>[];
  try {
    items = await scanAll(deps.ddb, deps.exemptionsTable);
  } catch (error) {
    // Never fatal: Check exemptions reads per account and turns its own failure into NOTIFY decisions.
    return [{ exemptionId: '*', problem: `the Exemptions table could not be read: ${describeError(error)}` }];
  }
  // Policy problems of valid items are the exemption review's (Summarize); these are the invalid ones.
  const problems = sortExemptions(items, KNOWN_RULE_IDS, new Date()).invalid;
  return problems.sort((a, b) => a.exemptionId.localeCompare(b.exemptionId));
}

export type { AccountsSource, InvalidTarget, ResolveTargetsDeps, ResolveTargetsOutput, StoredTargetsOutput };
export { ACCOUNTS_SOURCES, createResolveTargets, SweepRequestSchema, storingTargets };
