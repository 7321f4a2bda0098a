/**
 * Deployment-wide Warden settings: which rules run, in which mode, with which parameters.
 * Written once in `cdk.json` (context key `warden`), validated at synth time, handed to every task
 * as the `WARDEN_CONFIG` environment variable; the local run reads the same `cdk.json`.
 */
import { z } from 'zod';
import { InvalidInputError } from './errors';
import { MODES } from './model';

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

const WardenConfigSchema = z
  .object({
    rules: z.record(z.string(), RuleSettingSchema).default({}),
    /** Regions swept in an account whose registry entry lists none. @default ['us-east-1'] */
    defaultRegions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/))
      .min(1)
      .default(['us-east-1']),
    /**
     * A rule and resource remediated `threshold` times within `windowDays` is not remediated again
     * (outcome SKIPPED_LOOP, decision NOTIFY): the owner's IaC keeps reverting the fix.
     * @default { threshold: 3, windowDays: 7 }
     */
    loopBreaker: z
      .object({ threshold: z.number().int().min(1).default(3), windowDays: z.number().min(1).default(7) })
      .strict()
      .default({ threshold: 3, windowDays: 7 }),
  })
  .strict();

type WardenConfig = z.infer<typeof WardenConfigSchema>;
type RuleSetting = z.infer<typeof RuleSettingSchema>;

function parseWardenConfig(raw: unknown): WardenConfig {
  const parsed = WardenConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(`Invalid Warden config at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
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
export { configFromJson, parseWardenConfig, WardenConfigSchema };
