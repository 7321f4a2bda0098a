/**
 * The rule module contract (DESIGN §4.1). One rule per file under `tasks/rules/<service>/<rule-id>.ts`,
 * listed once in `tasks/rules/index.ts`. A rule file declares (`RuleSpec`): what it evaluates, the
 * operations its remediation may plan, and its IaC hint as a table; `defineRule` derives the rest
 * (IAM actions, the default `apply`, the rendered hint), so a rule holds only its own logic.
 */
import type { z } from 'zod';
import { iamActionOf } from '../shared/api-calls';
import type { AwsClients } from '../shared/aws/clients';
import { InvalidInputError } from '../shared/errors';
import { type IacTable, type IacText, renderIacHint } from '../shared/iac-owner';
import { collectorReads } from '../shared/inventory/permissions';
import type { ApiCall, ConfigurationItem, Evaluation, IacHint, Mode, Severity } from '../shared/model';
import type { ResourceRuleTriggers } from '../shared/triggers';
import type { RemediationRisk, RuleCatalogueEntry } from './controls';

/** The clients `apply` and `readLive` are given: one account-region, the remediation role's credentials. */
export type { AwsClients };

/** The resource a remediation acts on, as the finding names it (no configuration: that is read live). */
export interface ResourceReference {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly arn: string;
}

/**
 * A resource as it is now: read live right before a remediation writes (and again after), judged by
 * the rule on that state. `ci` and `context` are there when the collectors' reader read the resource
 * (the default); a remediation with its own `readLive` (an account-level setting) has only the verdict.
 */
export interface LiveState {
  readonly ref: ResourceReference;
  readonly ci?: ConfigurationItem;
  readonly context?: EvaluationContext;
  readonly evaluation: Evaluation;
}

/**
 * Sends one write call of the plan (the engine's sender: only operations of the decided plan, and it
 * records what AWS accepted, so the outcome says what was really sent). Returns the SDK output.
 */
export type SendApiCall = (call: ApiCall) => Promise<unknown>;

/**
 * What a rule may know about the rest of the inventory its resource was collected with. Built once
 * per batch by the evaluation engine (`tasks/engine/evaluate.ts`, see `./context.ts`).
 */
export interface EvaluationContext {
  /**
   * The configuration items of `resourceType` in the resource's account, from the same inventory:
   * in the same region for regional types, in any region for account-wide ones
   * (`AWS::S3::AccountPublicAccessBlock`). Deleted items included (filter with `isGone`).
   */
  related(resourceType: string): readonly ConfigurationItem[];
}

/** The trigger shape is declared once, in `tasks/shared/triggers.ts`. */
export type RuleTriggers = ResourceRuleTriggers;

/**
 * One operation a remediation may plan, and how its input names the rule's own resource. The engine
 * checks every planned call against these (at plan time and right before sending, see
 * `tasks/engine/plan-guard.ts`), and the remediation's IAM actions are derived from them.
 */
export interface PlannedOperation {
  readonly service: string;
  readonly operation: string;
  /**
   * The input field that names the resource the call changes (`Bucket`, `GroupId`); `null` for an
   * account-region setting, whose input must then be empty (it names nothing).
   */
  readonly target: string | null;
  /**
   * How `target` names it: `id` = the resource id itself; `id-list` = a list holding exactly the
   * resource id (CreateTags `Resources`); `{recordedAt}` = one of the ids recorded at that path of the
   * resource's configuration item (a part of it, e.g. `configuration.networkInterfaces[].networkInterfaceId`).
   * @default 'id'
   */
  readonly names?: 'id' | 'id-list' | { readonly recordedAt: string };
}

/** An API operation a remediation reads with (its `readLive`), for its IAM action. */
export interface ReadOperation {
  readonly service: string;
  readonly operation: string;
}

export interface RemediationSpec<P> {
  /**
   * `safe`: the change alters no behaviour a workload relies on (adds a tag, turns on default
   * encryption); `disruptive`: it may break one (closes a port, blocks access), and the rule then
   * does not default to `remediate` (the conformance test checks it).
   */
  readonly risk: RemediationRisk;
  /** Every operation `plan` and `apply` may send; the WardenRemediate role gets exactly their IAM actions. */
  readonly operations: readonly PlannedOperation[];
  /** What `readLive` calls, when the remediation has its own. */
  readonly liveReads?: readonly ReadOperation[];
  /**
   * The exact SDK calls that fix the resource. Pure: no I/O. `context` as for `evaluate`; a plan that
   * cannot be made (e.g. the group to attach is not in the inventory) throws, saying why.
   */
  plan(ci: ConfigurationItem, params: P, context?: EvaluationContext): ApiCall[];
  /**
   * Sends, through `send`, what of the plan the live state still needs. The engine
   * (`tasks/remediate/remediate.ts`) calls it only when `live` — read right before — is
   * NON_COMPLIANT, refuses any call outside `operations` or naming another resource, and reads the
   * resource back afterwards to verify it: `apply` itself never reads.
   * Must be idempotent: applying twice leaves the resource as applying once does. Throws, saying why,
   * when the live state makes the plan unsafe (e.g. the group to attach is no longer acceptable).
   * @default `sendPlan`: every planned call, as planned (for writes that set a whole value)
   */
  apply?(send: SendApiCall, plan: readonly ApiCall[], live: LiveState, params: P): Promise<void>;
  /**
   * What the remediation changes, read live and judged, when that is not the resource the rule
   * evaluates (an account-level setting). Read-only calls only (`liveReads`), through the
   * executor (`tasks/shared/api-calls.ts`).
   * @default the resource re-read with the collectors' per-resource reader
   * (`tasks/shared/inventory/live-reader.ts`) and judged by the rule's `evaluate`
   */
  readLive?(clients: AwsClients, ref: ResourceReference, params: P): Promise<Evaluation>;
}

/** A remediation as the engine sees it: `apply` filled in, IAM actions derived. */
export interface Remediation<P> extends RemediationSpec<P> {
  /** IAM actions in the member account (WardenRemediate): of `operations` and `liveReads`. */
  readonly permissions: readonly string[];
  apply(send: SendApiCall, plan: readonly ApiCall[], live: LiveState, params: P): Promise<void>;
}

export type { IacTable, IacText };

/** `controls`, `controlsNote`, `rationale`: what the catalogue (`warden rules`) says of the rule (`./controls.ts`). */
export interface RuleSpec<P = Record<string, unknown>> extends RuleCatalogueEntry {
  /** Equals the file name; part of the public contract (reports, exemptions, config). */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly resourceTypes: readonly string[];
  /** Other resource types `evaluate` reads through its context (their collectors' reads are granted too). */
  readonly relatedTypes?: readonly string[];
  readonly triggers: RuleTriggers;
  readonly defaultMode: Mode;
  /** Parameters with their documented defaults: `parameters.parse({})` yields the defaults. */
  readonly parameters: z.ZodType<P>;
  /**
   * Pure and synchronous. Throws `UnknownPropertyError` when the property it needs could not be collected.
   * `context` gives the other items of the account (rules that only read `ci` ignore it); a rule that
   * needs it and gets none must not guess: it throws `UnknownPropertyError`.
   */
  evaluate(ci: ConfigurationItem, params: P, context?: EvaluationContext): Evaluation;
  readonly remediation?: RemediationSpec<P>;
  /** Where the fix belongs in infrastructure-as-code, for drift receipts. */
  readonly iac: IacTable<P>;
}

/** A rule as the engine sees it: permissions composed, remediation completed, IaC hint rendered. */
export interface Rule<P = Record<string, unknown>> extends Omit<RuleSpec<P>, 'remediation' | 'iac'> {
  /** IAM actions the collectors need to build what `evaluate` reads (granted to the WardenAudit role). */
  readonly permissions: { readonly read: readonly string[] };
  readonly remediation?: Remediation<P>;
  /** The IaC hint for `ci` (property path and value), for drift receipts. */
  iacHint(ci: ConfigurationItem, params: P): Omit<IacHint, 'tool' | 'stack' | 'logicalId'>;
}

/** The default `apply`: sends every planned call as planned. */
async function sendPlan(send: SendApiCall, plan: readonly ApiCall[]): Promise<void> {
  for (const call of plan) await send(call);
}

function remediationOf<P>(spec: RemediationSpec<P>): Remediation<P> {
  const permissions = [...spec.operations, ...(spec.liveReads ?? [])].map(iamActionOf);
  return { ...spec, apply: spec.apply ?? sendPlan, permissions: [...new Set(permissions)] };
}

/**
 * Completes a rule file's declaration (and keeps its parameter type while the registry holds them
 * all): read permissions from the collectors of its types, remediation permissions from its
 * operations, the default `apply`, and the IaC hint rendered from its table.
 */
export function defineRule<P>(spec: RuleSpec<P>): Rule<P> {
  const { remediation, iac, ...rest } = spec;
  return {
    ...rest,
    permissions: { read: collectorReads([...spec.resourceTypes, ...(spec.relatedTypes ?? [])]) },
    ...(remediation === undefined ? {} : { remediation: remediationOf(remediation) }),
    iacHint: (ci, params) => renderIacHint(iac, ci, params),
  };
}

/** The item `apply` works on: the resource as the collectors' reader read it right before. */
export function liveItem(live: LiveState): ConfigurationItem {
  if (live.ci === undefined) {
    throw new InvalidInputError(`${live.ref.arn}: the live state has no configuration item (read by a readLive)`);
  }
  return live.ci;
}
