/**
 * The evaluation context (`EvaluationContext`): for each configuration item, the other items of its
 * account that rules may look at (the account-level public access block, the security groups of a
 * VPC). Built once per batch from the whole inventory, then shared by every rule and resource.
 */
import type { ConfigurationItem } from '../shared/model';
import { ACCOUNT_WIDE_RESOURCE_TYPES } from '../shared/model';
import type { EvaluationContext } from './rule';

const NONE: readonly ConfigurationItem[] = Object.freeze([]);

function indexKey(accountId: string, region: string, resourceType: string): string {
  return ACCOUNT_WIDE_RESOURCE_TYPES.has(resourceType)
    ? `${accountId}|*|${resourceType}`
    : `${accountId}|${region}|${resourceType}`;
}

/**
 * Indexes `items` once (by account, region and type) and returns the context of any item of the same
 * inventory. Lookups are O(1); the lists are shared, never copied.
 */
function createEvaluationContexts(items: readonly ConfigurationItem[]): (ci: ConfigurationItem) => EvaluationContext {
  const index = new Map<string, ConfigurationItem[]>();
  for (const item of items) {
    const key = indexKey(item.accountId, item.region, item.resourceType);
    const list = index.get(key);
    if (list === undefined) index.set(key, [item]);
    else list.push(item);
  }
  return (ci) => ({
    related: (resourceType) => index.get(indexKey(ci.accountId, ci.region, resourceType)) ?? NONE,
  });
}

/** A context that knows nothing but the items given (tests, single-item evaluations). */
function contextOf(ci: ConfigurationItem, items: readonly ConfigurationItem[]): EvaluationContext {
  return createEvaluationContexts(items)(ci);
}

export { contextOf, createEvaluationContexts };
