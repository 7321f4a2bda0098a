/**
 * The deployment's owner routing (tasks/shared/notification/owner.ts) from its config: the owner
 * tag key, the stack owners, and, as placeholders, the values the deployment's own tag remediations
 * write into that tag (`ec2-instance-required-tags` sets `Owner=unassigned` by default, or whatever
 * the operator configured): a value Warden wrote is never taken for an owner (issue 20, item 7).
 */
import type { ActiveRule } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import type { OwnerRouting } from '../shared/notification/owner';

/** A rule's `requiredTags` parameter when it maps keys to the value its remediation writes. */
function writtenTagValues(params: unknown): Record<string, unknown> | undefined {
  const tags = (params as { requiredTags?: unknown } | null)?.requiredTags;
  return typeof tags === 'object' && tags !== null && !Array.isArray(tags)
    ? (tags as Record<string, unknown>)
    : undefined;
}

function ownerRouting(
  config: Pick<WardenConfig, 'ownerTagKey' | 'stackOwners'>,
  rules: readonly Pick<ActiveRule, 'params'>[],
): OwnerRouting {
  const placeholders = rules.flatMap((a) => {
    const written = writtenTagValues(a.params);
    const value =
      written !== undefined && Object.hasOwn(written, config.ownerTagKey) ? written[config.ownerTagKey] : undefined;
    return typeof value === 'string' ? [value] : [];
  });
  return { ownerTagKey: config.ownerTagKey, stackOwners: config.stackOwners, placeholders };
}

export { ownerRouting };
