/**
 * zod schemas for what travels between states. Handlers parse their input with these, so a
 * malformed payload fails with a clear InvalidInputError instead of a TypeError deep inside.
 */
import { z } from 'zod';
import { InvalidInputError } from './errors';
import { MODES } from './model';
import { isPlainText } from './untrusted-text';

const AccountIdSchema = z.string().regex(/^\d{12}$/, 'must be 12 digits');
const RegionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as us-east-1');

/**
 * A registry value people read in notices and reports (alias, owner, OU): one line of text. Control
 * characters, the line and paragraph separators, NEL and the bidirectional controls are refused, so
 * such an item is reported invalid instead of forging or reordering lines where it is shown (the
 * `States.Format` notices insert `$.target.alias` as it is).
 */
const PlainTextSchema = z
  .string()
  .min(1)
  .refine(isPlainText, 'must not contain control characters, line or paragraph separators or bidirectional controls');

const AccountTargetSchema = z.object({
  accountId: AccountIdSchema,
  alias: PlainTextSchema,
  owner: PlainTextSchema.optional(),
  ou: PlainTextSchema.optional(),
  regions: z.array(RegionSchema).min(1),
  mode: z.enum(MODES).optional(),
  /** Where `Collect resources` reads this account: the service APIs, or AWS Config advanced queries. @default 'api' */
  source: z.enum(['api', 'config']).optional(),
});

/**
 * The account an event concerns, as `Normalize event` resolves it for the event path's states: the
 * sweep's target, swept in the event's own region only (none when the event's region is not a
 * region name). Each event task parses the fields it reads (`.pick`).
 */
const EventTargetSchema = AccountTargetSchema.extend({ regions: z.array(RegionSchema).max(1) });

/**
 * What one sweep execution is asked to do; fixed at `Resolve targets`, carried to every state. An
 * event execution carries the same (`Normalize event` fills it), so `For each finding`, `Remediate`
 * and `Record remediation` serve both paths.
 */
const SweepSchema = z.object({
  sweepId: z.string().min(1),
  executionName: z.string().min(1),
  executionArn: z.string().min(1),
  startedAt: z.string().min(1),
  /** The execution's ceiling on what rules may do. */
  mode: z.enum(MODES),
  /** Plan remediations, send nothing. */
  dryRun: z.boolean(),
  rules: z.array(z.string()).nullable(),
});

/** Findings are produced by Warden itself; the schema checks the fields the states rely on. */
const FindingSchema = z
  .object({
    findingId: z.string(),
    ruleId: z.string(),
    severity: z.string(),
    accountId: z.string(),
    region: z.string(),
    resourceType: z.string(),
    resourceId: z.string(),
    arn: z.string(),
    status: z.enum(['NON_COMPLIANT', 'ERROR']),
    message: z.string(),
    tags: z.record(z.string(), z.string()),
  })
  .passthrough();

function parseInput<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new InvalidInputError(`${what}: ${issues.join('; ')}`);
}

type Sweep = z.infer<typeof SweepSchema>;
type EventTarget = z.infer<typeof EventTargetSchema>;

export type { EventTarget, Sweep };
export {
  AccountIdSchema,
  AccountTargetSchema,
  EventTargetSchema,
  FindingSchema,
  PlainTextSchema,
  parseInput,
  RegionSchema,
  SweepSchema,
};
