/**
 * Keeps the `WatchedApiCalls` EventBridge rule in step with the WatchList table, so the list stays
 * editable without a deploy and only watched calls start an execution. Runs on every change of the
 * table (DynamoDB stream): reads the whole list and rewrites the rule's event pattern.
 *
 * The pattern is an `$or` of one `{eventSource, eventName}` clause per event source (an entry with
 * eventName `*` watches every call of its source). An empty list gets a pattern that matches
 * nothing (EventBridge has no "empty" pattern). CloudFormation does not touch the pattern again
 * unless the template's own (placeholder) pattern changes.
 */
import { DescribeRuleCommand, type EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scanAll } from '../shared/dynamo';

interface SyncWatchListDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly events: EventBridgeClient;
  readonly watchListTable: string;
  readonly ruleName: string;
  readonly eventBusName: string;
}

/** Matches no event: what the rule holds while the watch list is empty. */
const EMPTY_WATCH_LIST_PATTERN = {
  source: ['warden.watch-list'],
  'detail-type': ['Warden watch list is empty'],
} as const;

/** The event pattern for a watch list (pure). Items without a string eventSource/eventName are skipped. */
function watchListPattern(items: readonly Record<string, unknown>[]): Record<string, unknown> {
  const bySource = new Map<string, Set<string>>();
  for (const item of items) {
    const source = typeof item.eventSource === 'string' ? item.eventSource.trim() : '';
    const name = typeof item.eventName === 'string' ? item.eventName.trim() : '';
    if (source === '' || name === '') continue;
    const names = bySource.get(source) ?? new Set<string>();
    names.add(name);
    bySource.set(source, names);
  }
  if (bySource.size === 0) return { ...EMPTY_WATCH_LIST_PATTERN };
  const clauses = [...bySource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, names]) =>
      names.has('*') ? { eventSource: [source] } : { eventSource: [source], eventName: [...names].sort() },
    );
  return {
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: clauses.length === 1 ? clauses[0] : { $or: clauses },
  };
}

function createSyncWatchList(deps: SyncWatchListDeps) {
  return async (_event: unknown): Promise<{ pattern: string; entries: number }> => {
    const items = await scanAll(deps.ddb, deps.watchListTable);
    // EventBridge limits a pattern to 2048 characters by default (a quota raisable to 4096); PutRule
    // says so when a long list exceeds it, and "*" entries keep busy sources short.
    const pattern = JSON.stringify(watchListPattern(items));
    const current = await deps.events.send(
      new DescribeRuleCommand({ Name: deps.ruleName, EventBusName: deps.eventBusName }),
    );
    if (current.EventPattern === pattern) return { pattern, entries: items.length };
    await deps.events.send(
      new PutRuleCommand({
        Name: deps.ruleName,
        EventBusName: deps.eventBusName,
        EventPattern: pattern,
        State: current.State ?? 'ENABLED',
        ...(current.Description === undefined ? {} : { Description: current.Description }),
      }),
    );
    return { pattern, entries: items.length };
  };
}

export type { SyncWatchListDeps };
export { createSyncWatchList, EMPTY_WATCH_LIST_PATTERN, watchListPattern };
