/**
 * What the IAM rules read of the IAM items (`tasks/shared/inventory/iam-*.ts`), in one place:
 * the account summary's root flags, the Warden additions Config does not record (access keys, last
 * use, login profile), and the item's capture time as "now" for credential ages (rules stay pure).
 * Every reader throws `UnknownPropertyError` rather than guess when a value is missing.
 */
import { requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem } from '../../shared/model';
import { isRecord, numberOf, stringOf } from '../ci-values';

const DAY_MS = 86_400_000;

/** Why a Warden addition is absent from a Config item. */
const NOT_RECORDED_BY_CONFIG = 'AWS Config does not record it; the live IAM collector (source: api) reads it';

/** A flag of GetAccountSummary's `SummaryMap` (`accountAccessKeysPresent`, `accountMFAEnabled`: 0 or 1). */
function summaryValue(ci: ConfigurationItem, key: string): number {
  requireKnown(ci, 'accountSummary');
  const summary = ci.configuration.accountSummary;
  const value = isRecord(summary) ? numberOf(summary[key]) : undefined;
  if (value === undefined) throw new UnknownPropertyError(`accountSummary.${key}`, 'not in the account summary');
  return value;
}

/** A property only the live collector records (`accessKeys`, `loginProfile`, `passwordLastUsed`). */
function wardenAddition(ci: ConfigurationItem, property: string): unknown {
  requireKnown(ci, property);
  const value = ci.configuration[property];
  if (value === undefined) throw new UnknownPropertyError(property, NOT_RECORDED_BY_CONFIG);
  return value;
}

/** The item's capture time in ms: "now" for every age a rule computes. */
function capturedAtMs(ci: ConfigurationItem): number {
  const ms = ci.captureTime === undefined ? Number.NaN : Date.parse(ci.captureTime);
  if (Number.isNaN(ms)) throw new UnknownPropertyError('captureTime', 'no capture time to measure ages from');
  return ms;
}

/** Whole days from `iso` to `nowMs` (`undefined` when `iso` is not a date). */
function daysSince(iso: unknown, nowMs: number): number | undefined {
  const text = stringOf(iso);
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor((nowMs - ms) / DAY_MS);
}

interface AccessKey {
  readonly accessKeyId: string;
  readonly active: boolean;
  readonly createDate: string | undefined;
  /** `null` = never used. */
  readonly lastUsedDate: string | null;
}

/** The user's access keys (the collector's `accessKeys` addition). */
function accessKeysOf(ci: ConfigurationItem): AccessKey[] {
  const keys = wardenAddition(ci, 'accessKeys');
  if (!Array.isArray(keys)) throw new UnknownPropertyError('accessKeys', 'not a list');
  return keys.filter(isRecord).map((key) => ({
    accessKeyId: stringOf(key.accessKeyId) ?? '(unnamed key)',
    active: key.status === 'Active',
    createDate: stringOf(key.createDate),
    lastUsedDate: stringOf(key.lastUsedDate) ?? null,
  }));
}

/** `userName` of a user item (resourceName as fallback). */
function userNameOf(ci: ConfigurationItem): string {
  return stringOf(ci.configuration.userName) ?? ci.resourceName ?? ci.resourceId;
}

export { type AccessKey, accessKeysOf, capturedAtMs, daysSince, summaryValue, userNameOf, wardenAddition };
