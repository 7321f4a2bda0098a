/**
 * Property-based: whatever the input — a corpus event mutated (fields deleted, nulled, replaced,
 * stringified, wrapped, emptied) or arbitrary JSON — normalizing and classifying never throws, and
 * an event that is not processed is REJECTED or IGNORED with a reason. Then a smaller sample of
 * mutated events goes through the synthesized state machine: never an unhandled failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runLocalEvents } from '../../../local/run-event';
import { classify } from '../../../tasks/engine/classify';
import { activeEventRules } from '../../../tasks/rules/events/settings';
import { activeRules } from '../../../tasks/rules/settings';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { parseEnvelope } from '../../../tasks/shared/events/envelope';
import { corpusEvents } from '../../support/corpus-events';
import { eventTestWorkflows } from '../../support/event-app';
import { mutatedEvent } from '../../support/mutate';

const config = parseWardenConfig({});
const resourceRules = activeRules(config);
const eventRules = activeEventRules(config);
const seeds = corpusEvents().map((e) => e.event);

function route(raw: unknown): { route: string; reason: string } {
  const parsed = parseEnvelope(raw);
  if (!parsed.ok) return { route: parsed.route, reason: parsed.reason };
  const watch = { eventSource: parsed.event.eventSource, eventName: '*', severity: 'HIGH' as const };
  const c = classify(parsed.event, resourceRules, eventRules, Math.random() < 0.5 ? watch : undefined);
  return { route: c.route, reason: c.reason };
}

describe('normalizing any input', () => {
  it('never throws on mutated corpus events, and says why when it does not process one', () => {
    fc.assert(
      fc.property(mutatedEvent(seeds), (event) => {
        const r = route(event);
        expect(['REJECTED', 'IGNORED', 'RESOURCE', 'NOTIFY']).toContain(r.route);
        expect(typeof r.reason).toBe('string');
        expect(r.reason.trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects arbitrary JSON that is not an event, with a reason', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const r = route(value);
        expect(['REJECTED', 'IGNORED']).toContain(r.route);
        expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles envelopes with arbitrary details', () => {
    const envelope = fc.record({
      'detail-type': fc.constantFrom(
        'AWS API Call via CloudTrail',
        'AWS Console Sign In via CloudTrail',
        'Config Configuration Item Change',
        'Parameter Store Change',
      ),
      source: fc.oneof(fc.constantFrom('aws.s3', 'aws.ec2', 'aws.signin', 'aws.ssm', 'aws.config'), fc.jsonValue()),
      detail: fc.dictionary(
        fc.constantFrom(
          'eventName',
          'eventSource',
          'errorCode',
          'recipientAccountId',
          'awsRegion',
          'requestParameters',
          'responseElements',
          'userIdentity',
          'configurationItem',
          'messageType',
          'name',
          'operation',
          'exception',
        ),
        fc.jsonValue({ maxDepth: 3 }),
      ),
    });
    fc.assert(
      fc.property(envelope, (event) => {
        const r = route(event);
        expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mutated events through the state machine', () => {
  it('end in Rejected, Ignored or a processed route — never an unhandled failure', async () => {
    const sample = fc.sample(mutatedEvent(seeds), { numRuns: 60, seed: 4242 });
    const { results } = await runLocalEvents(sample, {
      workflows: eventTestWorkflows().workflows,
      now: () => new Date('2026-11-22T06:00:00Z'),
    });
    for (const [i, r] of results.entries()) {
      expect({ i, outcome: r.outcome }).not.toEqual({ i, outcome: 'FAILED' });
      expect(r.reason.length).toBeGreaterThan(0);
      if (r.outcome === 'REJECTED') expect(r.execution.error).toBe('EventRejected');
    }
    const outcomes = new Set(results.map((r) => r.outcome));
    expect(outcomes.has('REJECTED') || outcomes.has('IGNORED')).toBe(true);
  }, 240_000);
});
