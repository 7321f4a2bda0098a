/**
 * What aws-local-stepfunctions accepts but does not execute (see ../shared/research/local-engine.md
 * §1.2). A definition that uses any of these would run differently locally than in AWS, so the
 * workflow tests fail on every one that is not explicitly allowed.
 */
import { allStates } from './bindings';

const IGNORED_STATE_FIELDS = [
  'Arguments',
  'Output',
  'Assign',
  'Items',
  'ItemBatcher',
  'ItemReader',
  'ResultWriter',
  'Label',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Credentials',
  'HeartbeatSeconds',
  'HeartbeatSecondsPath',
] as const;

interface IgnoredField {
  readonly state: string;
  readonly field: string;
}

function fieldsTheLocalEngineIgnores(definition: Record<string, unknown>): IgnoredField[] {
  const found: IgnoredField[] = [];
  if (definition.QueryLanguage === 'JSONata') found.push({ state: '(top level)', field: 'QueryLanguage' });
  for (const { name, state } of allStates(definition)) {
    if (state.QueryLanguage === 'JSONata') found.push({ state: name, field: 'QueryLanguage' });
    for (const field of IGNORED_STATE_FIELDS) if (field in state) found.push({ state: name, field });
    const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
    if (processor?.ProcessorConfig?.Mode === 'DISTRIBUTED') found.push({ state: name, field: 'ProcessorConfig' });
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    if (resource.endsWith('.sync') || resource.endsWith('.waitForTaskToken')) {
      found.push({ state: name, field: `Resource ${resource}` });
    }
    // AWS reads 0 as "no limit"; the local engine runs 40 at a time.
    if (state.MaxConcurrency === 0) found.push({ state: name, field: 'MaxConcurrency: 0' });
  }
  return found;
}

export type { IgnoredField };
export { fieldsTheLocalEngineIgnores, IGNORED_STATE_FIELDS };
