/**
 * The collector contract: how one resource type (or a few that one listing yields) is read from the
 * service APIs of a member account, as AWS Config configuration items. A collector declares what it
 * reads, where (per region, or once per account for global services such as IAM), and the IAM
 * actions of its calls; the live sweep (`./index.ts`), the per-resource reader (`./live-reader.ts`),
 * the Config query (`./config-select.ts`) and the audit role's policy (`./permissions.ts`) are all
 * derived from the registry (`./collectors.ts`), so adding a service is one file and one line there.
 *
 * Errors: a call that fails because the service is *not configured* (no password policy, Security Hub
 * not enabled) is a value the collector records (a rule can judge it); a call that fails for any other
 * reason (AccessDenied above all) is *unknown*, recorded in the item's `unknown` map so a rule that
 * needs it is an ERROR finding, never a compliant guess; throttling propagates (the task's Retry);
 * a failure of the listing itself propagates and becomes the read's `regionErrors` entry.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { ResourceRef } from '../events/event-model';
import type { ConfigurationItem } from '../model';

/** An AWS SDK v3 client class (`IAMClient`, `KMSClient`, …). */
type ClientClass<C> = new (config: { region: string; credentials?: AwsCredentialIdentity; retryMode?: string }) => C;

/** Builds (or reuses) a client of any service in one account, with the audit role's credentials. */
type ClientFor = <C>(client: ClientClass<C>, region: string) => C;

/** The region label of items of global services (IAM), as AWS Config records them. */
const GLOBAL_REGION = 'global';

/**
 * The endpoint region for a global service's item read alone (the event path), where no target region
 * is at hand: IAM's endpoint in the commercial partition. (Sweeps use the account's first target region.)
 */
const GLOBAL_ENDPOINT_REGION = 'us-east-1';

interface CollectContext {
  readonly accountId: string;
  /**
   * The region read: one target region for `scope: 'region'`; for `scope: 'account'` the first target
   * region, whose endpoint serves the account's global service (items then say `region: 'global'`
   * when Config records them so, e.g. IAM).
   */
  readonly region: string;
  readonly client: ClientFor;
}

interface CollectOutput {
  readonly items: ConfigurationItem[];
  /** Listed resources that could not be collected at all, each with why. */
  readonly resourceErrors?: { resource: string; error: string }[];
}

interface Collector {
  /** The resource types it yields (a rule's `resourceTypes`/`relatedTypes` name them). */
  readonly resourceTypes: readonly string[];
  /** `region`: read in every target region; `account`: once per account (IAM, account-wide settings). */
  readonly scope: 'region' | 'account';
  /** The API that names the read in errors, e.g. `iam:ListUsers` (what an operator must allow when denied). */
  readonly api: string;
  /** IAM actions of every call it makes (Service Authorization Reference names, not API names). */
  readonly reads: readonly string[];
  /**
   * Whether AWS Config records these types (then `source: config` accounts read them with an advanced
   * query); `false` for Warden's own account-setting items (`Warden::…`), which only the APIs can read.
   */
  readonly recordedByConfig: boolean;
  collect(ctx: CollectContext): Promise<CollectOutput>;
  /**
   * One resource as it is now (the event path and a remediation's read-back); `undefined` when it no
   * longer exists. Absent: the type cannot be read alone (the whole collection is read instead).
   */
  readOne?(ctx: CollectContext, ref: ResourceRef): Promise<ConfigurationItem | undefined>;
}

/** `collector`, typed (a helper so each collector file reads as a declaration). */
function defineCollector(collector: Collector): Collector {
  return collector;
}

export type { ClientClass, ClientFor, CollectContext, CollectOutput, Collector };
export { defineCollector, GLOBAL_ENDPOINT_REGION, GLOBAL_REGION };
