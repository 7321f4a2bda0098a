/** Small accessors rules use on a normalized configuration item. */
import { UnknownPropertyError } from './errors';
import type { ConfigurationItem } from './model';

/** Config statuses for which a resource no longer exists (or is no longer recorded): nothing to evaluate. */
const GONE_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

function isGone(ci: ConfigurationItem): boolean {
  return GONE_STATUSES.has(ci.status);
}

/** Throws `UnknownPropertyError` when the collector could not read `property`, so the rule yields ERROR. */
function requireKnown(ci: ConfigurationItem, property: string): void {
  const why = ci.unknown?.[property];
  if (why !== undefined) throw new UnknownPropertyError(property, why);
}

export { isGone, requireKnown };
