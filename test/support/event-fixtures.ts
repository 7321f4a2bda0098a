/** The EventBridge events of test/fixtures/events, read and normalized for rule tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NormalizedEvent } from '../../tasks/shared/events/event-model';
import { normalized } from './normalized-events';

const EVENT_FIXTURES_DIR = path.resolve(process.cwd(), 'test/fixtures/events');

/** The fixture as a raw EventBridge event (to change a field before normalizing it). */
function rawEventFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(EVENT_FIXTURES_DIR, `${name}.json`), 'utf-8')) as Record<string, unknown>;
}

/** The fixture normalized, with `detail` fields replaced by `overrides`. */
function eventFixture(name: string, overrides: Record<string, unknown> = {}): NormalizedEvent {
  return normalized(rawEventFixture(name), overrides);
}

export { eventFixture, rawEventFixture };
