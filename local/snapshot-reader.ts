/**
 * Reads an event's resources from AWS Config configuration items already at hand (a snapshot, for
 * local runs): the newest item of each named resource, and the related items of the same account
 * (and region, for regional types). An account the snapshot knows nothing of is unreachable, as in
 * the local sweep; a resource it does not hold is `ResourceNotRecorded` (rules say not applicable).
 */

import { AccountUnreachableError, describeError } from '../tasks/shared/errors';
import type { ResourceRef } from '../tasks/shared/events/event-model';
import {
  type ReadError,
  type ReadResult,
  type ResourceReader,
  refLabel,
  relatedNeeds,
} from '../tasks/shared/inventory/resource-reader';
import type { ConfigurationItem } from '../tasks/shared/model';
import { ACCOUNT_WIDE_RESOURCE_TYPES } from '../tasks/shared/model';
import { normalizeCi } from '../tasks/shared/normalize-ci';

/** Where Config keeps a resource's name, for refs that carry only a name. */
const NAME_IN_CONFIGURATION: Readonly<Record<string, string>> = {
  'AWS::EC2::SecurityGroup': 'groupName',
  'AWS::RDS::DBInstance': 'dBInstanceIdentifier',
};

function newest(items: readonly ConfigurationItem[]): ConfigurationItem | undefined {
  return [...items].sort((a, b) => (b.captureTime ?? '').localeCompare(a.captureTime ?? ''))[0];
}

function matches(ci: ConfigurationItem, ref: ResourceRef): boolean {
  if (ci.resourceType !== ref.resourceType || ci.accountId !== ref.accountId) return false;
  // Bucket names are global; every other type is regional.
  if (ref.resourceType !== 'AWS::S3::Bucket' && ci.region !== ref.region) return false;
  if (ref.resourceId !== undefined) return ci.resourceId === ref.resourceId;
  const key = NAME_IN_CONFIGURATION[ref.resourceType];
  return (
    ref.resourceName !== undefined &&
    (ci.resourceName === ref.resourceName || (key !== undefined && ci.configuration[key] === ref.resourceName))
  );
}

/** The item of a resource the snapshot does not hold: not recorded. */
function notRecorded(ref: ResourceRef): ConfigurationItem {
  return normalizeCi({
    resourceType: ref.resourceType,
    resourceId: ref.resourceId ?? ref.resourceName,
    ...(ref.resourceName === undefined ? {} : { resourceName: ref.resourceName }),
    awsAccountId: ref.accountId,
    awsRegion: ref.region,
    configurationItemStatus: 'ResourceNotRecorded',
  });
}

function snapshotReader(all: readonly ConfigurationItem[]): ResourceReader {
  const byAccount = new Map<string, ConfigurationItem[]>();
  for (const ci of all) byAccount.set(ci.accountId, [...(byAccount.get(ci.accountId) ?? []), ci]);
  return {
    async read(request) {
      const account = byAccount.get(request.accountId);
      if (account === undefined) {
        throw new AccountUnreachableError(
          request.accountId,
          `the snapshot has no configuration items for account ${request.accountId}`,
        );
      }
      const items: ConfigurationItem[] = [];
      const errors: ReadError[] = [];
      for (const ref of request.refs) {
        const found = newest(account.filter((ci) => matches(ci, ref)));
        if (found !== undefined) {
          items.push(found);
          continue;
        }
        try {
          items.push(notRecorded(ref));
        } catch (error) {
          errors.push({ resource: refLabel(ref), resourceType: ref.resourceType, ref, error: describeError(error) });
        }
      }
      const related: ConfigurationItem[] = [];
      for (const [type, regions] of relatedNeeds(request.refs, items)) {
        const wide = ACCOUNT_WIDE_RESOURCE_TYPES.has(type);
        related.push(...account.filter((ci) => ci.resourceType === type && (wide || regions.has(ci.region))));
      }
      const result: ReadResult = { items, related, errors, relatedUnknown: [] };
      return result;
    },
  };
}

export { snapshotReader };
