/**
 * The deployment context keys (`warden:*` in cdk.json or `cdk -c key=value`) and their validation,
 * shared by the synth (`./app.ts`) and `warden validate`, which checks them without synthesizing.
 * (The `warden` key, rules and modes, is `tasks/shared/config.ts`.)
 */
import { z } from 'zod';
import { MODES, SEVERITIES } from '../tasks/shared/model';
import { RegionSchema } from '../tasks/shared/schemas';

const ACCOUNT_ID = z.string().regex(/^\d{12}$/, 'must be 12 digits');

const DeploymentContextSchema = z.object({
  'warden:externalId': z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/)
    .default('warden'),
  'warden:scheduledMode': z.enum(MODES).optional(),
  'warden:eventMode': z.enum(MODES).optional(),
  'warden:orgId': z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id such as o-abcd123456')
    .optional(),
  'warden:accountsSource': z.enum(['table', 'organizations', 'both']).default('table'),
  'warden:memberOus': z
    .array(z.string().regex(/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, 'must be an OU id or root id'))
    .optional(),
  'warden:memberRegions': z.array(RegionSchema).min(1).optional(),
  'warden:stackSetCallAs': z.enum(['SELF', 'DELEGATED_ADMIN']).default('SELF'),
  'warden:centralAccountId': ACCOUNT_ID.optional(),
  'warden:centralRegion': RegionSchema.optional(),
  'warden:operatorEmails': z.array(z.email()).default([]),
  'warden:accountConcurrency': z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000, 'must be at most 10000 (the Distributed Map limit)')
    .optional(),
  'warden:configAggregator': z
    .string()
    .regex(/^[\w-]{1,256}$/, 'must be a Config aggregator name (letters, digits, _ and -)')
    .optional(),
  'warden:slackWebhookSecret': z
    .string()
    .regex(
      /^(arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+|[\w/+=.@-]{1,512})$/,
      'must be a Secrets Manager secret name or ARN',
    )
    .optional(),
  'warden:slackMinimumSeverity': z.enum(SEVERITIES).optional(),
  'warden:trailBucket': z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
  'warden:trailKeyPrefix': z
    .string()
    .regex(/^[\w!.*'()-]+(\/[\w!.*'()-]+)*$/, 'must be an S3 key prefix without leading or trailing "/"')
    .optional(),
  'warden:trailBucketAccount': ACCOUNT_ID.optional(),
  'warden:trailKmsKey': z
    .string()
    .regex(/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'must be a KMS key ARN')
    .optional(),
  /** Import findings into each member account's Security Hub; `cdk -c` passes `true`/`false` as strings. */
  'warden:securityHub': z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false),
});

type DeploymentContext = z.infer<typeof DeploymentContextSchema>;

/** Context keys holding lists: `cdk -c key=value` passes strings, so `["a","b"]` and `a,b` are read as lists. */
const LIST_KEYS: ReadonlySet<string> = new Set(['warden:memberOus', 'warden:memberRegions', 'warden:operatorEmails']);

function listFromCli(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return value;
    }
  }
  return text === '' ? [] : text.split(',').map((part) => part.trim());
}

/** Every deployment context key. */
function contextKeys(): string[] {
  return Object.keys(DeploymentContextSchema.shape);
}

/**
 * The deployment context from raw values by key (absent keys: `undefined`); list keys given as one
 * string (`cdk -c`) are split. Every problem is named with its key.
 */
function parseDeploymentContext(
  raw: Readonly<Record<string, unknown>>,
): { ok: true; context: DeploymentContext } | { ok: false; problems: string[] } {
  const values = Object.fromEntries(
    contextKeys().map((key) => [key, LIST_KEYS.has(key) ? listFromCli(raw[key]) : raw[key]]),
  );
  const parsed = DeploymentContextSchema.safeParse(values);
  if (parsed.success) return { ok: true, context: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `context ${issue.path.join('.') || '(root)'}: ${issue.message}`),
  };
}

export type { DeploymentContext };
export { contextKeys, parseDeploymentContext };
