/**
 * What `Fetch current state` reads for an event: the resources the event names (as AWS Config
 * configuration items) and the related items the resource rules look at through their evaluation
 * context (the account's S3 public access block for buckets, the region's security groups for
 * instances). Two readers: live (the audit role in the member account, `./live-reader.ts`) and a
 * Config snapshot (`./snapshot-reader.ts`, for local runs).
 */
import type { ResourceRef } from '../events/event-model';
import type { ConfigurationItem } from '../model';
import { ACCOUNT_WIDE_RESOURCE_TYPES } from '../model';

/** Related resource types the rules of a primary type read through `EvaluationContext.related`. */
const RELATED_TYPES: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': ['AWS::S3::AccountPublicAccessBlock'],
  'AWS::EC2::Instance': ['AWS::EC2::SecurityGroup'],
  'AWS::EC2::VPC': ['AWS::EC2::FlowLog'],
  'AWS::EC2::SecurityGroup': ['AWS::EC2::NetworkInterface'],
};

interface ReadRequest {
  readonly accountId: string;
  readonly refs: readonly ResourceRef[];
}

interface ReadError {
  /** `<type> <id or name>` of the resource, or the related type, that could not be read. */
  readonly resource: string;
  readonly resourceType: string;
  readonly error: string;
  /** The named resource that could not be read (absent for related items). */
  readonly ref?: ResourceRef;
}

interface ReadResult {
  /** One item per ref that could be read (a resource that no longer exists is an item with status ResourceDeleted/ResourceNotRecorded). */
  readonly items: ConfigurationItem[];
  /** Items of the related types, for the evaluation context. */
  readonly related: ConfigurationItem[];
  readonly errors: ReadError[];
  /** Related types that could not be read: rules needing them get no context and say so (ERROR). */
  readonly relatedUnknown: string[];
}

/** What `Fetch current state` stores for `Evaluate`. */
type StoredCurrentState = ReadResult & {
  /** Set when `items` are the event's own copy, not a current read (the account could not be read): why. */
  readonly fromEvent?: string;
};

interface ResourceReader {
  /**
   * Reads the refs (all in `accountId`) and their related items. Throws `AccountUnreachableError`
   * when the account cannot be read at all; a single resource that fails is a `ReadError`.
   */
  read(request: ReadRequest): Promise<ReadResult>;
}

function refLabel(ref: ResourceRef): string {
  return `${ref.resourceType} ${ref.resourceId ?? ref.resourceName ?? '(unnamed)'}`;
}

/**
 * The related types to read for a set of primaries, each with the regions it is needed in (one
 * region for account-wide types such as the S3 account public access block).
 */
function relatedNeeds(refs: readonly ResourceRef[], items: readonly ConfigurationItem[]): Map<string, Set<string>> {
  const needs = new Map<string, Set<string>>();
  const add = (type: string, region: string) => {
    for (const related of RELATED_TYPES[type] ?? []) {
      const regions = needs.get(related) ?? new Set<string>();
      if (ACCOUNT_WIDE_RESOURCE_TYPES.has(related) && regions.size > 0) continue;
      regions.add(region);
      needs.set(related, regions);
    }
  };
  for (const ref of refs) add(ref.resourceType, ref.region);
  for (const ci of items) add(ci.resourceType, ci.region);
  return needs;
}

export type { ReadError, ReadRequest, ReadResult, ResourceReader, StoredCurrentState };
export { RELATED_TYPES, refLabel, relatedNeeds };
