/**
 * Deployment-wide Warden settings: which rules run, in which mode, with which parameters.
 * Written once in `cdk.json` (context key `warden`), validated at synth time, handed to every task
 * as the `WARDEN_CONFIG` environment variable; the local run reads the same `cdk.json`.
 */
import { z } from 'zod';
import { InvalidInputError } from './errors';
import { MODES, type Mode, SEVERITIES } from './model';
import { DEFAULT_OWNER_TAG_KEY, isPlaceholderOwner } from './notification/owner';
import { RegionSchema } from './schemas';

const RuleSettingSchema = z
  .object({
    /** @default true */
    enabled: z.boolean().optional(),
    /** Overrides the rule's `defaultMode`. @default the rule's defaultMode */
    mode: z.enum(MODES).optional(),
    /** Overrides of the rule's parameters; validated against the rule's own schema. */
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/**
 * One blast-radius limit (Cloud Custodian's `max-resources` and `max-resources-percent`): more
 * remediations than `maxResources`, or than `maxResourcesPercent` % of the resources evaluated in
 * that scope, and none of them is sent (see tasks/shared/blast-radius.ts).
 */
const capLimitSchema = (defaults: { maxResources: number; maxResourcesPercent: number | null }) =>
  z
    .object({
      maxResources: z.number().int().min(0).default(defaults.maxResources),
      /** `null`: no percentage limit. */
      maxResourcesPercent: z.number().gt(0).max(100).nullable().default(defaults.maxResourcesPercent),
      /**
       * The percentage limit holds nothing back at or below this many remediations: in a small account
       * two fixes can be most of what a rule evaluated.
       */
      percentAppliesAbove: z.number().int().min(0).default(5),
    })
    .strict();

const PER_RULE_DEFAULT = { maxResources: 50, maxResourcesPercent: 20, percentAppliesAbove: 5 };
const PER_ACCOUNT_DEFAULT = { maxResources: 100, maxResourcesPercent: null, percentAppliesAbove: 5 };
const PER_SWEEP_DEFAULT = { maxResources: 500 };

const BlastRadiusSchema = z
  .object({
    /** One rule's remediations in one account. @default { maxResources: 50, maxResourcesPercent: 20, percentAppliesAbove: 5 } */
    perRule: capLimitSchema(PER_RULE_DEFAULT).default(PER_RULE_DEFAULT),
    /** All of one account's remediations (after the per-rule caps). @default { maxResources: 100, maxResourcesPercent: null } */
    perAccount: capLimitSchema(PER_ACCOUNT_DEFAULT).default(PER_ACCOUNT_DEFAULT),
    /**
     * Remediations of one execution, all accounts together: a shared counter reserved by `Remediate`.
     * At most 10,000 (the counter item keeps the ids it counted, within DynamoDB's 400 KB item size).
     * @default { maxResources: 500 }
     */
    perSweep: z
      .object({ maxResources: z.number().int().min(0).max(10_000).default(PER_SWEEP_DEFAULT.maxResources) })
      .strict()
      .default(PER_SWEEP_DEFAULT),
  })
  .strict();

const WardenConfigSchema = z
  .object({
    rules: z.record(z.string(), RuleSettingSchema).default({}),
    /** Regions swept in an account whose registry entry lists none. @default ['us-east-1'] */
    defaultRegions: z.array(RegionSchema).min(1).default(['us-east-1']),
    /**
     * A rule and resource remediated `threshold` times within `windowDays` is not remediated again
     * (outcome SKIPPED_LOOP, decision NOTIFY): the owner's IaC keeps reverting the fix.
     * @default { threshold: 3, windowDays: 7 }
     */
    loopBreaker: z
      .object({ threshold: z.number().int().min(1).default(3), windowDays: z.number().min(1).default(7) })
      .strict()
      .default({ threshold: 3, windowDays: 7 }),
    /**
     * The most Warden may do in the accounts of an organizational unit (its id, `ou-…`, or the
     * root, `r-…`), e.g. `{"ou-ab12-prodxxxx": {"mode": "notify"}}`: applied to the accounts whose
     * registry entry or Organizations parent is that OU, together with the account's own `mode`.
     * @default none
     */
    organizationalUnits: z
      .record(
        z
          .string()
          .regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/, 'must be an OU id (ou-…) or root id (r-…)'),
        z.object({ mode: z.enum(MODES) }).strict(),
      )
      .default({}),
    /**
     * How many resources one run may change (issue 14): past a cap, the remediations are held back
     * (decision NOTIFY, outcome SKIPPED_CAP) and operators are told.
     * @default { perRule: 50 and 20 %, perAccount: 100, perSweep: 500 }
     */
    blastRadius: BlastRadiusSchema.default({
      perRule: PER_RULE_DEFAULT,
      perAccount: PER_ACCOUNT_DEFAULT,
      perSweep: PER_SWEEP_DEFAULT,
    }),
    /**
     * The resource tag naming a resource's owner, who gets its notifications before its stack's or
     * account's owner (tasks/shared/notification/owner.ts). Tag keys are case-sensitive. @default 'Owner'
     */
    ownerTagKey: z
      .string()
      .regex(/\S/, 'must be a tag key')
      .max(128, 'tag keys are at most 128 characters')
      .default(DEFAULT_OWNER_TAG_KEY),
    /**
     * IaC stack name (the resource's `aws:cloudformation:stack-name` tag, or Warden's Terraform tags)
     * → its owner: for resources without an owner tag of their own. @default {}
     */
    stackOwners: z
      .record(
        z.string().min(1).max(128),
        z
          .string()
          .trim()
          .min(1, 'must name an owner')
          .refine(
            (owner) => !isPlaceholderOwner(owner),
            'a placeholder owner (unassigned, unknown, tbd, …) names nobody',
          ),
      )
      .default({}),
    /**
     * The least severe sweep remediation that is also notified on its own, right away; the others
     * are only in their owner's digest at the end of the sweep (`Notify owners`). @default 'CRITICAL'
     */
    immediateSeverity: z.enum(SEVERITIES).default('CRITICAL'),
  })
  .strict();

type WardenConfig = z.infer<typeof WardenConfigSchema>;
type RuleSetting = z.infer<typeof RuleSettingSchema>;

function parseWardenConfig(raw: unknown): WardenConfig {
  const parsed = WardenConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A bad record key (an OU id) carries the key schema's own message one level down.
    const message = issue?.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue?.message;
    throw new InvalidInputError(`Invalid Warden config at ${issue?.path.join('.') || '(root)'}: ${message}`);
  }
  return parsed.data;
}

/**
 * The ceiling an account sets: the most conservative of its own `mode` and its OU's (config
 * `organizationalUnits`). Undefined when neither says anything.
 */
function accountMode(config: WardenConfig, target: { readonly mode?: Mode; readonly ou?: string }): Mode | undefined {
  const ouMode = target.ou === undefined ? undefined : config.organizationalUnits[target.ou]?.mode;
  if (ouMode === undefined) return target.mode;
  if (target.mode === undefined) return ouMode;
  return MODES.indexOf(ouMode) < MODES.indexOf(target.mode) ? ouMode : target.mode;
}

/** Reads `WARDEN_CONFIG` (JSON) as the tasks receive it. */
function configFromJson(json: string | undefined): WardenConfig {
  if (json === undefined || json === '') return parseWardenConfig({});
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new InvalidInputError('WARDEN_CONFIG is not valid JSON', { cause });
  }
  return parseWardenConfig(raw);
}

export type { RuleSetting, WardenConfig };
export { accountMode, configFromJson, parseWardenConfig, WardenConfigSchema };
