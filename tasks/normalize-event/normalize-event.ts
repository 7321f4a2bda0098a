/**
 * `Normalize event`: reads the EventBridge event that started the execution, looks up the account
 * (alias, owner, mode) and the watch list, and decides where the event goes: `REJECTED` (not a
 * well-formed event), `IGNORED` (nothing to do, with why), `RESOURCE` (resource rules re-check the
 * resources it names) or `NOTIFY` (only informational rules have something to say). Never fails on
 * the event itself: whatever the input, the answer is a route and a reason.
 */
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { activeEventRules, activeResourceRules } from '../rules/events/settings';
import { accountMode, type WardenConfig } from '../shared/config';
import { describeError } from '../shared/errors';
import { type AccountTarget, MODES, type Mode, SEVERITIES } from '../shared/model';
import type { ObjectStore } from '../shared/object-store';
import { parseInput } from '../shared/schemas';
import { classify, type Route, type RuleMatch } from './classify';
import { parseEnvelope } from './envelope';
import { type EventSummary, type NormalizedEvent, type ResourceRef, summaryOf, type WatchEntry } from './event-model';

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

/** What `For each finding`, `Remediate` and `Record remediation` expect as `sweep` (see tasks/shared/schemas.ts). */
interface EventSweep {
  readonly sweepId: string;
  readonly executionName: string;
  readonly executionArn: string;
  readonly startedAt: string;
  readonly mode: Mode;
  readonly dryRun: boolean;
  readonly rules: string[] | null;
}

interface NormalizeEventOutput {
  readonly route: Route;
  readonly reason: string;
  /** The event as far as it could be read; complete (`EventSummary`) unless rejected or ignored early. */
  readonly event: Partial<EventSummary>;
  readonly target: AccountTarget & { readonly enabled?: boolean };
  readonly sweep: EventSweep;
  readonly resource: {
    readonly ruleIds: string[];
    readonly refs: ResourceRef[];
    /** Where the configuration item carried by a Config change event was stored (read instead of fetched). */
    readonly itemRef: string | null;
  };
  readonly informational: { readonly matches: RuleMatch[] };
}

const AccountItemSchema = z
  .object({
    alias: z.string().min(1).optional().catch(undefined),
    owner: z.string().min(1).optional().catch(undefined),
    ou: z.string().min(1).optional().catch(undefined),
    mode: z.enum(MODES).optional().catch(undefined),
    enabled: z.boolean().optional().catch(undefined),
  })
  .passthrough();

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
  const resourceRules = activeResourceRules(deps.config);
  const eventRules = activeEventRules(deps.config);
  const watching = eventRules.some((a) => a.rule.triggers.watchList === true);
  const eventMode = deps.eventMode ?? 'remediate';

  async function account(accountId: string): Promise<z.infer<typeof AccountItemSchema> | undefined> {
    try {
      const res = await deps.ddb.send(new GetCommand({ TableName: deps.accountsTable, Key: { accountId } }));
      return res.Item === undefined ? undefined : AccountItemSchema.parse(res.Item);
    } catch (error) {
      deps.warn?.(`account ${accountId} could not be looked up; its id stands in for the alias`, error);
      return undefined;
    }
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
    const item = await account(event.accountId);
    // The account's ceiling: its own mode and its OU's (config `organizationalUnits`), the stricter.
    const mode = item === undefined ? undefined : accountMode(deps.config, item);
    const target = {
      accountId: event.accountId,
      alias: item?.alias ?? event.accountId,
      ...(item?.owner === undefined ? {} : { owner: item.owner }),
      ...(item?.ou === undefined ? {} : { ou: item.ou }),
      regions: /^[a-z]{2}(-[a-z]+)+-\d$/.test(event.region) ? [event.region] : [],
      ...(mode === undefined ? {} : { mode }),
    };
    const base = { event: summaryOf(event), target, sweep };
    if (item?.enabled === false) {
      return {
        ...base,
        route: 'IGNORED',
        reason: `account ${target.alias} (${event.accountId}) is disabled in the Warden account registry`,
        resource: empty,
        informational: { matches: [] },
      };
    }

    const c = classify(event, resourceRules, eventRules, await watchEntry(event));
    let itemRef: string | null = null;
    if (c.route === 'RESOURCE' && event.configurationItem !== undefined) {
      itemRef = `inventories/${sweepId}/event-item.json`;
      await deps.store.putJson(itemRef, [event.configurationItem]);
    }
    return {
      ...base,
      route: c.route,
      reason: capReason(c.reason),
      resource: { ruleIds: c.resource.ruleIds, refs: c.resource.refs, itemRef },
      informational: { matches: c.matches },
    };
  };
}

/** `describeError` for logs of the Lambda entry. */
function warnTo(log: (message: string, extra: Record<string, unknown>) => void) {
  return (message: string, error: unknown) => log(message, { error: describeError(error) });
}

export type { EventSweep, NormalizeEventDeps, NormalizeEventOutput };
export { createNormalizeEvent, safeId, warnTo };
