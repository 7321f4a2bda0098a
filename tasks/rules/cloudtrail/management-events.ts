/**
 * Which management events a trail's event selectors record, as CloudTrail documents them:
 *
 * - basic selectors (`eventSelectors[]`): `includeManagementEvents` (default true) with
 *   `readWriteType` `All` / `ReadOnly` / `WriteOnly` (default `All`); `excludeManagementEventSources`
 *   drops those sources (KMS, RDS Data API);
 * - advanced selectors (`advancedEventSelectors[].fieldSelectors[]`): a selector with
 *   `eventCategory` equal to `Management` records management events, read and write unless its
 *   `readOnly` field narrows it (`equals ["true"]` = reads only, `["false"]` = writes only, and
 *   `notEquals` the other way round); an `eventSource` field narrows the sources (`notEquals` excludes
 *   those, `equals` keeps only those).
 *
 * The property paths are the camelCase of GetEventSelectors that the collector records
 * (`tasks/shared/inventory/cloudtrail-trails.ts`).
 */
import { booleanOf, isRecord, listOf, stringOf } from '../ci-values';

interface ManagementEvents {
  readonly read: boolean;
  readonly write: boolean;
  /** Sources left out (`kms.amazonaws.com`), or `only <sources>` when a selector keeps only some. */
  readonly excludedSources: readonly string[];
}

function strings(value: unknown): string[] {
  return listOf(value).filter((v): v is string => typeof v === 'string');
}

function fromBasic(selector: Record<string, unknown>): ManagementEvents | undefined {
  if (booleanOf(selector.includeManagementEvents) === false) return undefined;
  const type = stringOf(selector.readWriteType) ?? 'All';
  return {
    read: type === 'All' || type === 'ReadOnly',
    write: type === 'All' || type === 'WriteOnly',
    excludedSources: strings(selector.excludeManagementEventSources),
  };
}

function fromAdvanced(selector: Record<string, unknown>): ManagementEvents | undefined {
  const fields = listOf(selector.fieldSelectors).filter(isRecord);
  const field = (name: string) => fields.find((f) => stringOf(f.field) === name);
  if (!strings(field('eventCategory')?.equals).includes('Management')) return undefined;
  const readOnly = field('readOnly');
  const equals = strings(readOnly?.equals);
  const notEquals = strings(readOnly?.notEquals);
  const source = field('eventSource');
  const kept = strings(source?.equals);
  return {
    read: equals.length > 0 ? equals.includes('true') : !notEquals.includes('true'),
    write: equals.length > 0 ? equals.includes('false') : !notEquals.includes('false'),
    excludedSources: [...strings(source?.notEquals), ...(kept.length > 0 ? [`only ${kept.join(', ')}`] : [])],
  };
}

/**
 * What the selectors record, all selectors together; `undefined` when they were not read (`null`).
 * A trail records a kind of management event fully only through one selector that excludes nothing.
 */
function managementEvents(eventSelectors: unknown, advancedEventSelectors: unknown): ManagementEvents | undefined {
  if ((eventSelectors === null || eventSelectors === undefined) && !Array.isArray(advancedEventSelectors)) {
    return undefined;
  }
  const found = [
    ...listOf(eventSelectors).filter(isRecord).map(fromBasic),
    ...listOf(advancedEventSelectors).filter(isRecord).map(fromAdvanced),
  ].filter((m): m is ManagementEvents => m !== undefined);
  const complete = found.filter((m) => m.excludedSources.length === 0);
  return {
    read: found.some((m) => m.read),
    write: found.some((m) => m.write),
    excludedSources:
      complete.some((m) => m.read) && complete.some((m) => m.write)
        ? []
        : [...new Set(found.flatMap((m) => m.excludedSources))],
  };
}

/** "read and write", "read only", "write only" or "none", for messages. */
function describeManagementEvents(m: ManagementEvents): string {
  const kinds = m.read && m.write ? 'read and write' : m.read ? 'read only' : m.write ? 'write only' : 'none';
  return m.excludedSources.length === 0 ? kinds : `${kinds}, excluding ${m.excludedSources.join('; ')}`;
}

export { describeManagementEvents, type ManagementEvents, managementEvents };
