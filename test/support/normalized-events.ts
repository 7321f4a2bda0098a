/** Normalized events for rule tests: a corpus file (wrapped when bare) through the real normalizer. */
import { parseEnvelope } from '../../tasks/shared/events/envelope';
import type { NormalizedEvent } from '../../tasks/shared/events/event-model';
import { readCorpusJson, wrapCloudTrail } from './corpus-events';

function normalized(raw: unknown, overrides: Record<string, unknown> = {}): NormalizedEvent {
  const record = raw as Record<string, unknown>;
  let event: unknown = record;
  if (record['detail-type'] === undefined) event = wrapCloudTrail({ ...record, ...overrides });
  else if (Object.keys(overrides).length > 0)
    event = { ...record, detail: { ...(record.detail as object), ...overrides } };
  const parsed = parseEnvelope(event);
  if (!parsed.ok) throw new Error(`not normalized: ${parsed.reason}`);
  return parsed.event;
}

function normalizedCorpus(file: string, overrides: Record<string, unknown> = {}): NormalizedEvent {
  return normalized(readCorpusJson(file), overrides);
}

export { normalized, normalizedCorpus };
