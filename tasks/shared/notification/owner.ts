/**
 * Who a finding's notification goes to (issue 20, item 10). In order:
 * 1. `tag`: the resource's own owner tag (`ownerTagKey`, default `Owner`; AWS compares tag keys
 *    case-sensitively, and so does this);
 * 2. `stack`: the owner configured for the IaC stack the resource belongs to (`stackOwners`, keyed by
 *    the stack name its `aws:cloudformation:stack-name` tag, or Warden's Terraform tags, name:
 *    `../iac-owner.ts`);
 * 3. `account`: the account's owner (the Accounts registry, `--accounts FILE`, Organizations tags);
 * 4. `none`: `unassigned`.
 * A placeholder value (`unassigned`, `unknown`, `tbd`, an empty or blank value, or the value the
 * required-tags remediation writes: issue 20, item 7) is nobody and does not count, at any step: an
 * instance tagged `Owner=unassigned` goes to its stack's or account's owner, never to "unassigned".
 * Pure: the sweep (`Check exemptions`, `Remediate`) and the event path resolve owners alike.
 */
import { resolveIacOwner } from '../iac-owner';

/** Where the owner came from, recorded as the notification's `ownerSource` attribute. */
type OwnerSource = 'tag' | 'stack' | 'account' | 'none';

interface ResolvedOwner {
  readonly owner: string;
  readonly ownerSource: OwnerSource;
}

interface OwnerRouting {
  /** The resource tag naming its owner. @default 'Owner' */
  readonly ownerTagKey: string;
  /** IaC stack name → its owner. @default {} */
  readonly stackOwners: Readonly<Record<string, string>>;
  /** Values that mean nobody, besides the built-in ones (compared trimmed, case-insensitively). @default [] */
  readonly placeholders?: readonly string[];
}

/** What an owner resolves to when nothing names one. */
const UNASSIGNED = 'unassigned';

const DEFAULT_OWNER_TAG_KEY = 'Owner';

/** Values people and tools put in an owner field to say nobody owns it yet. */
const PLACEHOLDER_OWNERS: ReadonlySet<string> = new Set([
  UNASSIGNED,
  'unknown',
  'tbd',
  'tba',
  'todo',
  'none',
  'n/a',
  'na',
  'null',
  'nobody',
  '-',
]);

function normalized(value: string): string {
  return value.trim().toLowerCase();
}

/** Whether `value` names nobody: empty, blank, a built-in placeholder or one of `extra`. */
function isPlaceholderOwner(value: string | undefined, extra: readonly string[] = []): boolean {
  if (value === undefined) return true;
  const v = normalized(value);
  return v === '' || PLACEHOLDER_OWNERS.has(v) || extra.some((p) => normalized(p) === v);
}

/** A record's own value (a stack or tag named `constructor` is not `Object.prototype.constructor`). */
function own(record: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function resolveOwner(
  resource: { readonly tags: Readonly<Record<string, string>>; readonly accountOwner?: string | undefined },
  routing: OwnerRouting,
): ResolvedOwner {
  const real = (value: string | undefined): string | undefined =>
    value === undefined || isPlaceholderOwner(value, routing.placeholders) ? undefined : value.trim();

  const tagged = real(own(resource.tags, routing.ownerTagKey));
  if (tagged !== undefined) return { owner: tagged, ownerSource: 'tag' };
  const stack = resolveIacOwner(resource.tags).stack;
  const stackOwner = stack === undefined ? undefined : real(own(routing.stackOwners, stack));
  if (stackOwner !== undefined) return { owner: stackOwner, ownerSource: 'stack' };
  const accountOwner = real(resource.accountOwner);
  if (accountOwner !== undefined) return { owner: accountOwner, ownerSource: 'account' };
  return { owner: UNASSIGNED, ownerSource: 'none' };
}

export type { OwnerRouting, OwnerSource, ResolvedOwner };
export { DEFAULT_OWNER_TAG_KEY, isPlaceholderOwner, resolveOwner, UNASSIGNED };
