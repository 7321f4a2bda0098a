/**
 * `Normalize event`: reads the EventBridge event that started the execution, looks up the account
 * (alias, owner, mode) and the watch list, and decides where the event goes: `REJECTED` (not a
 * well-formed event), `IGNORED` (nothing to do, with why), `RESOURCE` (resource rules re-check the
 * resources it names) or `NOTIFY` (only informational rules have something to say). Never fails on
 * the event itself: whatever the input, the answer is a route and a reason.
 *
 * The registry fails closed, as in the sweep: an `Accounts` item with a malformed field rejects the
 * event (the sweep skips and reports that account too); a registry that cannot be read caps the
 * account at `notify` (never remediate without knowing the account's own ceiling, never stay silent).
 */
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { classify, type Route } from '../engine/classify';
import { activeEventRules } from '../rules/events/settings';
import { activeRules } from '../rules/settings';
import { accountMode, type WardenConfig } from '../shared/config';
import { describeError } from '../shared/errors';
import { parseEnvelope } from '../shared/events/envelope';
import type { RuleMatch } from '../shared/events/event-model';
import {
  type EventSummary,
  type NormalizedEvent,
  type ResourceRef,
  summaryOf,
  type WatchEntry,
} from '../shared/events/event-model';
import { type Mode, SEVERITIES } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { AccountTargetSchema, type EventTarget, parseInput, RegionSchema, type Sweep } from '../shared/schemas';

interface NormalizeEventDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly accountsTable: string;
  readonly watchListTable: string;
  readonly store: ObjectStore;
  readonly config: WardenConfig;
  /** Ceiling on what event-triggered executions may do (`WARDEN_EVENT_MODE`). @default 'remediate' */
  readonly eventMode?: Mode;
  /** Where account lookup failures are reported (the alias then falls back to the account id). */
  readonly warn?: (message: string, error: unknown) => void;
}

const NormalizeEventInputSchema = z.object({
  event: z.unknown(),
  execution: z.object({ name: z.string().min(1), id: z.string().min(1), startTime: z.string().min(1) }),
});

/**
 * The event execution's `sweep`: the sweep's own shape (`SweepSchema`), which `For each finding`,
 * `Remediate` and `Record remediation` read on both paths.
 */
type EventSweep = Sweep;

interface NormalizeEventOutput {
  readonly route: Route;
  readonly reason: string;
  /** The event as far as it could be read; complete (`EventSummary`) unless rejected or ignored early. */
  readonly event: Partial<EventSummary>;
  readonly target: EventTarget;
  readonly sweep: EventSweep;
  readonly resource: {
    readonly ruleIds: string[];
    readonly refs: ResourceRef[];
    /** Where the configuration item carried by a Config change event was stored (read instead of fetched). */
    readonly itemRef: string | null;
  };
  readonly informational: { readonly matches: RuleMatch[] };
}

/**
 * An `Accounts` item as the event path reads it: every field the sweep reads (`AccountTargetSchema`,
 * plus `enabled`), each validated as the sweep validates it. A field that is present but malformed
 * (`mode: "Audit"`, `enabled: "false"`) makes the item invalid, as in the sweep, which skips and
 * reports it; it is never dropped, which would read the account more widely than configured. Unlike
 * the sweep's own table source, `alias` may be absent (the id stands in), as for an override item
 * of an Organizations account.
 */
const AccountItemSchema = AccountTargetSchema.partial()
  .extend({
    /** @default true */
    enabled: z.boolean().optional(),
  })
  .passthrough();
type AccountItem = z.infer<typeof AccountItemSchema>;

/** What the registry says of the event's account. */
type AccountLookup =
  | { readonly kind: 'FOUND'; readonly item: AccountItem }
  | { readonly kind: 'ABSENT' }
  | { readonly kind: 'INVALID'; readonly problem: string }
  | { readonly kind: 'UNREADABLE'; readonly error: string };

/** The ceiling of an account whose registry item could not be read: tell people, change nothing. */
const UNREADABLE_REGISTRY_MODE: Mode = 'notify';

const WatchItemSchema = z.object({
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  severity: z.enum(SEVERITIES).catch('MEDIUM'),
  note: z.string().min(1).optional().catch(undefined),
});

/** Reasons end up in a Fail state's Cause and in notifications: kept readable, and small. */
const REASON_MAX = 1000;

function capReason(reason: string): string {
  return reason.length <= REASON_MAX ? reason : `${reason.slice(0, REASON_MAX - 3)}...`;
}

/** S3 keys and execution names allow these; anything else in an event id becomes `-`. */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 80) || 'unknown';
}

function createNormalizeEvent(deps: NormalizeEventDeps) {
  const resourceRules = activeRules(deps.config);
  const eventRules = activeEventRules(deps.config);
  const watching = eventRules.some((a) => a.rule.triggers.watchList === true);
  const eventMode = deps.eventMode ?? 'remediate';

  async function account(accountId: string): Promise<AccountLookup> {
    let raw: Record<string, unknown> | undefined;
    try {
      const res = await deps.ddb.send(new GetCommand({ TableName: deps.accountsTable, Key: { accountId } }));
      raw = res.Item;
    } catch (error) {
      // Throttling included: the SDK has already retried; failing here would lose the event, and
      // going on without the item would drop the account's limits. So: at most notify.
      deps.warn?.(
        `account ${accountId} could not be looked up in the registry; its id stands in for the alias and it is capped at ${UNREADABLE_REGISTRY_MODE}`,
        error,
      );
      return { kind: 'UNREADABLE', error: describeError(error) };
    }
    if (raw === undefined) return { kind: 'ABSENT' };
    const parsed = AccountItemSchema.safeParse(raw);
    if (parsed.success) return { kind: 'FOUND', item: parsed.data };
    const issue = parsed.error.issues[0];
    return { kind: 'INVALID', problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }

  async function watchEntry(event: NormalizedEvent): Promise<WatchEntry | undefined> {
    if (!watching || event.kind !== 'API_CALL') return undefined;
    const keys = [
      { eventSource: event.eventSource, eventName: event.eventName },
      { eventSource: event.eventSource, eventName: '*' },
    ];
    const res = await deps.ddb.send(new BatchGetCommand({ RequestItems: { [deps.watchListTable]: { Keys: keys } } }));
    const unprocessed = res.UnprocessedKeys?.[deps.watchListTable]?.Keys?.length ?? 0;
    if (unprocessed > 0) {
      throw Object.assign(new Error('WatchList lookup was throttled'), {
        name: 'ProvisionedThroughputExceededException',
      });
    }
    const items = (res.Responses?.[deps.watchListTable] ?? [])
      .map((item) => WatchItemSchema.safeParse(item))
      .filter((p) => p.success)
      .map((p) => p.data);
    // The exact event name wins over the service-wide `*` entry.
    const entry = items.find((i) => i.eventName === event.eventName) ?? items.find((i) => i.eventName === '*');
    if (entry === undefined) return undefined;
    return {
      eventSource: entry.eventSource,
      eventName: entry.eventName,
      severity: entry.severity,
      ...(entry.note === undefined ? {} : { note: entry.note }),
    };
  }

  return async (input: unknown): Promise<NormalizeEventOutput> => {
    const { event: raw, execution } = parseInput(NormalizeEventInputSchema, input, 'Normalize event input');
    const parsed = parseEnvelope(raw);
    const sweepId = `event-${safeId(execution.name)}`;
    const sweep: EventSweep = {
      sweepId,
      executionName: execution.name,
      executionArn: execution.id,
      startedAt: execution.startTime,
      mode: eventMode,
      dryRun: false,
      rules: null,
    };
    const empty = { ruleIds: [], refs: [], itemRef: null };
    if (!parsed.ok) {
      const accountId = parsed.partial.accountId ?? '';
      return {
        route: parsed.route,
        reason: capReason(parsed.reason),
        event: parsed.partial,
        target: { accountId, alias: accountId === '' ? 'unknown account' : accountId, regions: [] },
        sweep,
        resource: empty,
        informational: { matches: [] },
      };
    }

    const event = parsed.event;
    const lookup = await account(event.accountId);
    const item = lookup.kind === 'FOUND' ? lookup.item : undefined;
    // The account's ceiling: its own mode and its OU's (config `organizationalUnits`), the stricter;
    // when the registry could not be read, notify at most.
    const mode =
      lookup.kind === 'UNREADABLE'
        ? UNREADABLE_REGISTRY_MODE
        : item === undefined
          ? undefined
          : accountMode(deps.config, item);
    const target = {
      accountId: event.accountId,
      alias: item?.alias ?? event.accountId,
      ...(item?.owner === undefined ? {} : { owner: item.owner }),
      ...(item?.ou === undefined ? {} : { ou: item.ou }),
      regions: RegionSchema.safeParse(event.region).success ? [event.region] : [],
      ...(mode === undefined ? {} : { mode }),
    };
    const base = { event: summaryOf(event), target, sweep };
    if (lookup.kind === 'INVALID') {
      return {
        ...base,
        route: 'REJECTED',
        reason: capReason(
          `the Accounts item of ${event.accountId} is invalid (${lookup.problem}); the sweep skips it too: fix the item`,
        ),
        resource: empty,
        informational: { matches: [] },
      };
    }
    if (item?.enabled === false) {
      return {
        ...base,
        route: 'IGNORED',
        reason: `account ${target.alias} (${event.accountId}) is disabled in the Warden account registry`,
        resource: empty,
        informational: { matches: [] },
      };
    }
    const registryNote =
      lookup.kind === 'UNREADABLE'
        ? `; the account registry could not be read (${lookup.error}): at most ${UNREADABLE_REGISTRY_MODE}`
        : '';

    const c = classify(event, resourceRules, eventRules, await watchEntry(event));
    let itemRef: string | null = null;
    if (c.route === 'RESOURCE' && event.configurationItem !== undefined) {
      itemRef = artifactKeys.eventItem(sweepId);
      await deps.store.putJson(itemRef, [event.configurationItem]);
    }
    return {
      ...base,
      route: c.route,
      reason: capReason(`${c.reason}${registryNote}`),
      resource: { ruleIds: c.resource.ruleIds, refs: c.resource.refs, itemRef },
      informational: { matches: c.matches },
    };
  };
}

export type { EventSweep, NormalizeEventDeps, NormalizeEventOutput };
export { createNormalizeEvent, safeId };
