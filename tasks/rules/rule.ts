/**
 * The rule module contract (DESIGN §4.1). One rule per file under `tasks/rules/<service>/<rule-id>.ts`,
 * listed once in `tasks/rules/index.ts`.
 */
import type { z } from 'zod';
import type { AwsClients } from '../shared/aws/clients';
import type { ApiCall, ConfigurationItem, Evaluation, IacHint, Mode, Severity } from '../shared/model';
import type { ResourceRuleTriggers } from '../shared/triggers';

/** The clients `apply` and `readLive` are given: one account-region, the remediation role's credentials. */
export type { AwsClients };

/**
 * A resource as it is now: read live right before a remediation writes (and again after), with the
 * related items its rule looks at, and judged by the rule on that state.
 */
export interface LiveState {
  readonly ci: ConfigurationItem;
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
 * per batch by the evaluation engine (`tasks/evaluate/evaluate-resources.ts`, see `./context.ts`).
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

export interface Remediation<P> {
  /** IAM actions `apply` needs in the member account (granted to the WardenRemediate role). */
  readonly permissions: readonly string[];
  /**
   * The exact SDK calls that fix the resource. Pure: no I/O. `context` as for `evaluate`; a plan that
   * cannot be made (e.g. the group to attach is not in the inventory) throws, saying why.
   */
  plan(ci: ConfigurationItem, params: P, context?: EvaluationContext): ApiCall[];
  /**
   * Sends, through `send`, what of the plan the live state still needs, and nothing outside the plan.
   * The engine (`tasks/remediate/remediate.ts`) calls it only when `live` — read right before — is
   * NON_COMPLIANT, and reads the resource back afterwards to verify it: `apply` itself never reads.
   * Must be idempotent: applying twice leaves the resource as applying once does. Throws, saying why,
   * when the live state makes the plan unsafe (e.g. the group to attach is no longer acceptable).
   */
  apply(send: SendApiCall, plan: readonly ApiCall[], live: LiveState, params: P): Promise<void>;
  /**
   * What the remediation changes, read live and judged, when that is not the resource the rule
   * evaluates (an account-level setting). Read-only calls only.
   * @default the resource re-read with the collectors' per-resource reader
   * (`tasks/shared/inventory/live-reader.ts`) and judged by the rule's `evaluate`
   */
  readLive?(clients: AwsClients, ci: ConfigurationItem, params: P): Promise<LiveState>;
}

export interface Rule<P = Record<string, unknown>> {
  /** Equals the file name; part of the public contract (reports, exemptions, config). */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly resourceTypes: readonly string[];
  readonly triggers: RuleTriggers;
  /** IAM actions the collectors need to build what `evaluate` reads (granted to the WardenAudit role). */
  readonly permissions: { readonly read: readonly string[] };
  readonly defaultMode: Mode;
  /** Parameters with their documented defaults: `parameters.parse({})` yields the defaults. */
  readonly parameters: z.ZodType<P>;
  /**
   * Pure and synchronous. Throws `UnknownPropertyError` when the property it needs could not be collected.
   * `context` gives the other items of the account (rules that only read `ci` ignore it); a rule that
   * needs it and gets none must not guess: it throws `UnknownPropertyError`.
   */
  evaluate(ci: ConfigurationItem, params: P, context?: EvaluationContext): Evaluation;
  readonly remediation?: Remediation<P>;
  /** Where the fix belongs in infrastructure-as-code (property path and value), for drift receipts. */
  iacHint(ci: ConfigurationItem, params: P): Omit<IacHint, 'tool' | 'stack' | 'logicalId'>;
}

/** Lets rule files keep their parameter type while the registry holds them all. */
export function defineRule<P>(rule: Rule<P>): Rule<P> {
  return rule;
}
