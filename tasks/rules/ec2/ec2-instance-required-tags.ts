/**
 * ec2-instance-required-tags: every live instance carries the required tag keys, with real values.
 * Remediation: CreateTags with each missing key's placeholder value (its default), never overwriting a
 * value someone set. A key whose value is still the placeholder keeps the instance NON_COMPLIANT (a
 * placeholder says nobody owns it yet), with nothing left to plan: its owners are notified until
 * they set a real value.
 *
 * Length: remediating, over 160 lines: tag-key validation, case-mismatch hints, EC2's 50-tag limit, and
 * an apply that never overwrites a tag set since the plan.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stateOf, tagsOf } from '../ci-values';
import { defineRule, type LiveState, liveItem, type SendApiCall } from '../rule';

/** EC2 allows 50 user tags per resource; `aws:`-prefixed tags do not count. */
const EC2_TAG_LIMIT = 50;
const RESERVED_TAG_PREFIX = /^aws:/i;
const INACTIVE_STATES = new Set(['terminated', 'shutting-down']);

/** Adding the missing tags would take the instance past EC2's per-resource tag limit. */
class TagLimitExceededError extends Error {
  public constructor(
    public readonly resourceId: string,
    public readonly existingUserTags: number,
    public readonly tagsToAdd: number,
  ) {
    super(
      `${resourceId} has ${existingUserTags} user tags; adding ${tagsToAdd} would exceed EC2's limit of ${EC2_TAG_LIMIT} tags per resource. Remove unused tags or add the required ones by hand.`,
    );
    this.name = 'TagLimitExceededError';
  }
}

const parameters = z.object({
  /**
   * Required tag keys (case-sensitive, as AWS compares them) → the value CreateTags sets when a key
   * is missing. Keys must not use the reserved `aws:` prefix. @default {Owner: 'unassigned', CostCenter: 'unassigned'}
   */
  requiredTags: z
    .record(z.string(), z.string().max(256))
    .superRefine((tags, ctx) => {
      for (const key of Object.keys(tags)) {
        const problem =
          key.length === 0 || key.length > 128
            ? 'tag keys must be 1 to 128 characters'
            : RESERVED_TAG_PREFIX.test(key)
              ? 'tag keys starting with "aws:" are reserved for AWS and cannot be created'
              : undefined;
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}": ${problem}` });
      }
    })
    .default(() => ({ Owner: 'unassigned', CostCenter: 'unassigned' })),
});

type Ec2InstanceRequiredTagsParams = z.infer<typeof parameters>;

function missingKeys(tags: Record<string, string>, params: Ec2InstanceRequiredTagsParams): string[] {
  return Object.keys(params.requiredTags).filter((key) => !Object.hasOwn(tags, key));
}

/** Required keys present with the placeholder value the remediation sets (compared exactly). */
function placeholderKeys(tags: Record<string, string>, params: Ec2InstanceRequiredTagsParams): string[] {
  return Object.entries(params.requiredTags)
    .filter(([key, placeholder]) => Object.hasOwn(tags, key) && tags[key] === placeholder)
    .map(([key]) => key);
}

function userTagCount(tags: Record<string, string>): number {
  return Object.keys(tags).filter((key) => !RESERVED_TAG_PREFIX.test(key)).length;
}

/** Existing keys that differ from a missing required key only by case (`owner` for `Owner`). */
function caseMismatches(tags: Record<string, string>, missing: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of missing) {
    const similar = Object.keys(tags).filter((k) => k.toLowerCase() === key.toLowerCase());
    if (similar.length > 0) out[key] = similar;
  }
  return out;
}

function evaluate(ci: ConfigurationItem, params: Ec2InstanceRequiredTagsParams): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Instance ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const state = stateOf(ci.configuration.state);
  if (state !== undefined && INACTIVE_STATES.has(state)) {
    return { status: 'NOT_APPLICABLE', message: `Instance ${ci.resourceId} is ${state}` };
  }
  const tags = tagsOf(ci);
  const missing = missingKeys(tags, params);
  const present = Object.keys(params.requiredTags).filter((key) => !missing.includes(key));
  const placeholders = placeholderKeys(tags, params);
  if (missing.length === 0 && placeholders.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `Instance ${ci.resourceId} has every required tag (${present.join(', ')})`,
      evidence: { missing, present },
    };
  }
  if (missing.length === 0) {
    const values = placeholders.map((key) => `${key}=${tags[key]}`).join(', ');
    return {
      status: 'NON_COMPLIANT',
      message: `Instance ${ci.resourceId} still has the placeholder ${values}: its owners must set a real value`,
      evidence: { missing, present, placeholders },
    };
  }
  const mismatches = caseMismatches(tags, missing);
  const existing = userTagCount(tags);
  const parts = [
    `Instance ${ci.resourceId} is missing required tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
  ];
  for (const [key, similar] of Object.entries(mismatches)) {
    parts.push(
      `it has ${similar.map((s) => `"${s}"`).join(', ')}, but tag keys are case-sensitive, so that does not satisfy "${key}"`,
    );
  }
  if (existing + missing.length > EC2_TAG_LIMIT) {
    parts.push(
      `it cannot be fixed automatically: it already has ${existing} user tags and EC2 allows ${EC2_TAG_LIMIT} per resource`,
    );
  }
  return {
    status: 'NON_COMPLIANT',
    message: parts.join('; '),
    evidence: { missing, present, caseMismatches: mismatches, userTagCount: existing },
  };
}

function plan(ci: ConfigurationItem, params: Ec2InstanceRequiredTagsParams): ApiCall[] {
  const tags = tagsOf(ci);
  const missing = missingKeys(tags, params);
  if (missing.length === 0) return [];
  const existing = userTagCount(tags);
  if (existing + missing.length > EC2_TAG_LIMIT)
    throw new TagLimitExceededError(ci.resourceId, existing, missing.length);
  return [
    {
      service: 'ec2',
      operation: 'CreateTags',
      input: {
        Resources: [ci.resourceId],
        Tags: missing.map((key) => ({ Key: key, Value: params.requiredTags[key] ?? '' })),
      },
    },
  ];
}

interface PlannedTag {
  readonly Key: string;
  readonly Value: string;
}

/** The tags the plan wants (the engine has checked that each call is CreateTags on this instance alone). */
function plannedTags(calls: readonly ApiCall[]): PlannedTag[] {
  const out: PlannedTag[] = [];
  for (const tag of calls.flatMap((call) => (Array.isArray(call.input.Tags) ? call.input.Tags : []))) {
    if (!isRecord(tag) || typeof tag.Key !== 'string' || typeof tag.Value !== 'string') {
      throw new InvalidInputError(`ec2-instance-required-tags: planned tag ${JSON.stringify(tag)} is not {Key, Value}`);
    }
    if (!out.some((t) => t.Key === tag.Key)) out.push({ Key: tag.Key, Value: tag.Value });
  }
  return out;
}

/** Adds the planned tags the live instance still lacks; never overwrites a key set since the plan. */
async function apply(send: SendApiCall, calls: readonly ApiCall[], live: LiveState): Promise<void> {
  const ci = liveItem(live);
  const current = tagsOf(ci);
  const toAdd = plannedTags(calls).filter((tag) => !Object.hasOwn(current, tag.Key));
  if (toAdd.length === 0) return;
  const existing = userTagCount(current);
  if (existing + toAdd.length > EC2_TAG_LIMIT) throw new TagLimitExceededError(ci.resourceId, existing, toAdd.length);
  await send({ service: 'ec2', operation: 'CreateTags', input: { Resources: [ci.resourceId], Tags: toAdd } });
}

/** The tags the IaC should declare: the missing ones (all required ones when none is missing). */
function hintTags(ci: ConfigurationItem, params: Ec2InstanceRequiredTagsParams): PlannedTag[] {
  const missing = missingKeys(tagsOf(ci), params);
  const keys = missing.length > 0 ? missing : Object.keys(params.requiredTags);
  return keys.map((key) => ({ Key: key, Value: params.requiredTags[key] ?? '' }));
}

const json = JSON.stringify;

const ec2InstanceRequiredTags = defineRule<Ec2InstanceRequiredTagsParams>({
  id: 'ec2-instance-required-tags',
  title: 'EC2 instances carry the required tags',
  severity: 'MEDIUM',
  controls: [],
  controlsNote:
    "No FSBP or CIS control: Security Hub checks instance tags only in its AWS Resource Tagging Standard (a control there, not in FSBP); required tags are an organization's own policy (seed scenario 4).",
  rationale:
    'Untagged instances cannot be traced to an owner or a cost center, so nobody is told when they break policy and nobody pays for them. The fix only adds the missing keys with a placeholder value, which no workload depends on, so it remediates by default; an instance keeps failing the rule (and its owners keep being told) until they replace the placeholder with a real value.',
  resourceTypes: ['AWS::EC2::Instance'],
  triggers: {
    cloudTrail: [{ source: 'aws.ec2', eventNames: ['RunInstances', 'DeleteTags'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'remediate',
  parameters,
  evaluate,
  remediation: {
    risk: 'safe',
    operations: [{ service: 'ec2', operation: 'CreateTags', target: 'Resources', names: 'id-list' }],
    plan,
    apply,
  },
  iac: {
    cloudformation: 'Tags',
    change: (ci, p) =>
      `add ${hintTags(ci, p)
        .map((t) => `{"Key": ${json(t.Key)}, "Value": ${json(t.Value)}}`)
        .join(', ')} to Tags`,
    cdk: (ci, p) =>
      hintTags(ci, p)
        .map((t) => `Tags.of(instance).add(${json(t.Key)}, ${json(t.Value)});`)
        .join(' '),
    terraform: (ci, p) =>
      `tags = { ${hintTags(ci, p)
        .map((t) => `${json(t.Key)} = ${json(t.Value)}`)
        .join(', ')} } on aws_instance (or the provider's default_tags)`,
  },
});

export { EC2_TAG_LIMIT, type Ec2InstanceRequiredTagsParams, ec2InstanceRequiredTags, TagLimitExceededError };
