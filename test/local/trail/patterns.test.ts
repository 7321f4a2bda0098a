/**
 * `warden trail` filters with the deployed trigger rules' own patterns (`local/trail/patterns.ts`):
 * every rule `triggerRules` derives from the rule registries is read out of the synthesized
 * template with exactly its pattern, and the watch-list placeholder becomes the watch list's pattern.
 */
import { describe, expect, it } from 'vitest';
import { triggerRules } from '../../../infra/constructs/event-workflow';
import { triggerPatterns } from '../../../local/trail/patterns';
import { cdkJsonContext, eventWorkflows } from '../../../local/workflows';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { watchListPattern } from '../../../tasks/sync-watch-list/sync-watch-list';

describe('triggerPatterns', () => {
  const { template, event } = eventWorkflows();

  it('reads every trigger rule of the synthesized template with its exact pattern', () => {
    const patterns = triggerPatterns(template, event.logicalId);
    const derived = triggerRules(parseWardenConfig(cdkJsonContext().warden));
    expect(Object.keys(patterns).sort()).toEqual([...derived.map((r) => r.id), 'WatchedApiCalls'].sort());
    for (const rule of derived) {
      const { detailType, ...rest } = rule.pattern as Record<string, unknown>;
      expect(patterns[rule.id], rule.id).toEqual({ ...rest, 'detail-type': detailType });
    }
    // Rules with other targets (the failed-executions alarm) are not triggers.
    expect(JSON.stringify(patterns)).not.toContain('Step Functions Execution Status Change');
  });

  it('replaces the watch-list placeholder with the pattern the sync function would write', () => {
    const watchList = [{ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }];
    expect(triggerPatterns(template, event.logicalId).WatchedApiCalls).toEqual(watchListPattern([]));
    expect(triggerPatterns(template, event.logicalId, watchList).WatchedApiCalls).toEqual(watchListPattern(watchList));
  });
});
