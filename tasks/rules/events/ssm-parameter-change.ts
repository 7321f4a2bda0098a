/**
 * ssm-parameter-change: tells the owners whenever a Systems Manager parameter is created, updated,
 * labelled or deleted (DESIGN §5: always, notify).
 *
 * `Parameter Store Change` events say what changed but not who changed it. The CloudTrail record of
 * the same write (PutParameter, DeleteParameter, DeleteParameters, LabelParameterVersion) names the
 * caller; with `cloudTrailWrites: true` the rule notifies on those too (then set
 * `parameterStoreChanges: false` to get one notification per change instead of two).
 *
 * Length: audit-only, over 80 lines: two event sources (Parameter Store changes, CloudTrail writes
 * naming several parameters) each switchable.
 */
import { z } from 'zod';
import type { NormalizedEvent } from '../../shared/events/event-model';
import { field, text, textAt } from '../../shared/events/json';
import { callerDetails, defineEventRule, noMatch, partitionOf } from './event-rule';

const parameters = z
  .object({
    /** Notify on `Parameter Store Change` events (no caller recorded). @default true */
    parameterStoreChanges: z.boolean().default(true),
    /** Notify on CloudTrail SSM write calls (caller recorded). @default false */
    cloudTrailWrites: z.boolean().default(false),
  })
  .strict();
type SsmParameterChangeParams = z.infer<typeof parameters>;

const WRITE_CALLS = ['PutParameter', 'DeleteParameter', 'DeleteParameters', 'LabelParameterVersion'];

function parameterArn(event: NormalizedEvent, name: string): string {
  const path = name.startsWith('/') ? name : `/${name}`;
  return `arn:${partitionOf(event.region)}:ssm:${event.region}:${event.accountId}:parameter${path}`;
}

/** The parameter names a CloudTrail SSM write call names (`DeleteParameters` names several). */
function namesOf(event: NormalizedEvent): string[] {
  const one = textAt(event.request, 'name');
  const many = field(event.request, 'names');
  return [
    ...(one === undefined ? [] : [one]),
    ...(Array.isArray(many) ? many.map(text).filter((n) => n !== undefined) : []),
  ] as string[];
}

const ssmParameterChange = defineEventRule<SsmParameterChangeParams>({
  id: 'ssm-parameter-change',
  title: 'A Systems Manager parameter changed',
  severity: 'MEDIUM',
  controls: [],
  controlsNote:
    'No FSBP or CIS control: an informational notice of the seed scenarios (Parameter Store changes, naming who made them).',
  rationale:
    'Parameters hold the configuration (and often the secrets) that applications read at start-up; a changed value changes behaviour without a deploy or a review. The rule tells the owners which parameter changed and who changed it.',
  triggers: { parameterStore: true, cloudTrail: [{ source: 'aws.ssm', eventNames: WRITE_CALLS }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event, params) {
    if (event.kind === 'PARAMETER_CHANGE' && event.parameter !== undefined) {
      if (!params.parameterStoreChanges) {
        return noMatch(
          'ssm-parameter-change: Parameter Store Change events are turned off (parameterStoreChanges: false)',
        );
      }
      const p = event.parameter;
      const arn = p.arn ?? parameterArn(event, p.name);
      return {
        matched: true,
        summary: `parameter ${p.name}: ${p.operation}`,
        message: `Parameter ${p.name} (${p.type ?? 'type not recorded'}) in ${event.region}: ${p.operation}. Parameter Store Change events do not record who made the change; CloudTrail's record of the same write does.`,
        subject: { type: 'AWS::SSM::Parameter', id: p.name, arn },
        details: {
          Parameter: p.name,
          Operation: p.operation,
          ...(p.type === undefined ? {} : { Type: p.type }),
          ...(p.description === undefined ? {} : { Description: p.description }),
        },
        dedupeKey: `event/${event.eventId}`,
      };
    }
    if (
      event.kind === 'API_CALL' &&
      event.eventSource === 'ssm.amazonaws.com' &&
      WRITE_CALLS.includes(event.eventName)
    ) {
      if (!params.cloudTrailWrites) {
        return noMatch(
          `ssm-parameter-change: ${event.eventName} is covered by its Parameter Store Change event (cloudTrailWrites: false)`,
        );
      }
      const names = namesOf(event);
      const shown = names.length === 0 ? '(no name recorded)' : names.join(', ');
      const by = event.originator?.display ?? 'an unknown caller';
      const version = textAt(event.response, 'version');
      return {
        matched: true,
        summary: `parameter ${shown}: ${event.eventName} by ${by}`,
        message: `${event.eventName} on parameter ${shown} in ${event.region} by ${by}.`,
        subject: {
          type: 'AWS::SSM::Parameter',
          id: names[0] ?? event.eventId,
          arn: parameterArn(event, names[0] ?? event.eventId),
        },
        details: {
          Parameter: shown,
          Operation: event.eventName,
          ...(version === undefined ? {} : { Version: version }),
          ...callerDetails(event),
        },
        dedupeKey: `event/${event.eventId}`,
      };
    }
    return noMatch(`ssm-parameter-change: ${event.eventName || event.detailType} does not change a parameter`);
  },
});

export { type SsmParameterChangeParams, ssmParameterChange };
