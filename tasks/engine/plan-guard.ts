/**
 * "A plan touches only its own resource", enforced once for every rule. Each remediation declares
 * the operations it may plan (`PlannedOperation`: service, operation, and the input field that names
 * the resource); every planned call must be one of them and name the rule's own resource there.
 * Checked twice: when the plan is made (`./evaluate.ts`: a plan outside the declaration becomes
 * `planError`, never a plan) and right before each call is sent (`tasks/remediate/remediate.ts`), so
 * neither a rule's bug nor a tampered finding can send a write to another resource.
 */
import type { LiveState, PlannedOperation, Rule, SendApiCall } from '../rules/rule';
import { InvalidInputError } from '../shared/errors';
import type { ApiCall, ConfigurationItem } from '../shared/model';

/** A planned call that is not one of the remediation's declared operations on its own resource. */
class PlanOutsideDeclarationError extends InvalidInputError {
  public constructor(
    public readonly ruleId: string,
    public readonly call: Pick<ApiCall, 'service' | 'operation'>,
    why: string,
  ) {
    super(`${ruleId} may not plan ${call.service}:${call.operation}: ${why}`);
    this.name = 'PlanOutsideDeclarationError';
  }
}

/** The resource the plan is for: its id, and (when known) its configuration item, for parts of it. */
interface OwnResource {
  readonly resourceId: string;
  readonly ci?: ConfigurationItem;
}

/** The string values at a dotted path of `root`, `[]` flattening a list (`configuration.networkInterfaces[].networkInterfaceId`). */
function valuesAt(root: unknown, path: string): string[] {
  let values: unknown[] = [root];
  for (const segment of path.split('.')) {
    const list = segment.endsWith('[]');
    const key = list ? segment.slice(0, -2) : segment;
    values = values.flatMap((value) => {
      const next = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      return list ? (Array.isArray(next) ? next : []) : [next];
    });
  }
  return values.filter((value): value is string => typeof value === 'string');
}

/** Why `call` does not name `own` the way `declared` says, or `undefined` when it does. */
function targetProblem(call: ApiCall, declared: PlannedOperation, own: OwnResource): string | undefined {
  if (declared.target === null) {
    const fields = Object.keys(call.input);
    return fields.length === 0
      ? undefined
      : `an account-region setting names no resource, but the input has ${fields.join(', ')}`;
  }
  const value = call.input[declared.target];
  const names = declared.names ?? 'id';
  const shown = JSON.stringify(value) ?? 'nothing';
  if (names === 'id') {
    return value === own.resourceId ? undefined : `${declared.target} is ${shown}, not ${own.resourceId}`;
  }
  if (names === 'id-list') {
    const only = Array.isArray(value) && value.length === 1 && value[0] === own.resourceId;
    return only ? undefined : `${declared.target} is ${shown}, not exactly [${own.resourceId}]`;
  }
  if (own.ci === undefined)
    return `${declared.target} cannot be checked against ${own.resourceId}: its state is not known`;
  const parts = valuesAt(own.ci, names.recordedAt);
  return typeof value === 'string' && parts.includes(value)
    ? undefined
    : `${declared.target} is ${shown}, not one of ${own.resourceId}'s ${names.recordedAt} (${parts.join(', ') || 'none recorded'})`;
}

/** Throws `PlanOutsideDeclarationError` unless `call` is a declared operation naming the rule's own resource. */
function assertDeclaredCall(
  ruleId: string,
  operations: readonly PlannedOperation[],
  call: ApiCall,
  own: OwnResource,
): void {
  const declared = operations.find((op) => op.service === call.service && op.operation === call.operation);
  if (declared === undefined) {
    const allowed = operations.map((op) => `${op.service}:${op.operation}`).join(', ') || 'nothing';
    throw new PlanOutsideDeclarationError(ruleId, call, `not one of its declared operations (${allowed})`);
  }
  const problem = targetProblem(call, declared, own);
  if (problem !== undefined) throw new PlanOutsideDeclarationError(ruleId, call, problem);
}

/** `assertDeclaredCall` for every call of a plan. */
function assertDeclaredPlan(
  ruleId: string,
  operations: readonly PlannedOperation[],
  plan: readonly ApiCall[],
  own: OwnResource,
): void {
  for (const call of plan) assertDeclaredCall(ruleId, operations, call, own);
}

/**
 * Runs the rule's `apply` on the live resource within its declaration: the plan is checked first
 * (nothing is sent when any call of it is outside), then every call `apply` sends, right before `send`.
 */
async function applyDeclared<P>(
  rule: Rule<P>,
  send: SendApiCall,
  plan: readonly ApiCall[],
  live: LiveState,
  params: P,
): Promise<void> {
  const remediation = rule.remediation;
  if (remediation === undefined) throw new InvalidInputError(`rule ${rule.id} has no remediation`);
  const own: OwnResource = { resourceId: live.ref.resourceId, ...(live.ci === undefined ? {} : { ci: live.ci }) };
  assertDeclaredPlan(rule.id, remediation.operations, plan, own);
  const guarded: SendApiCall = async (call) => {
    assertDeclaredCall(rule.id, remediation.operations, call, own);
    return send(call);
  };
  await remediation.apply(guarded, plan, live, params);
}

export type { OwnResource };
export { applyDeclared, assertDeclaredCall, assertDeclaredPlan, PlanOutsideDeclarationError };
