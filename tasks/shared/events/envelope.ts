/**
 * Reads one EventBridge event (the full envelope: `detail-type`, `source`, `detail`, …) into a
 * `NormalizedEvent`, or says why it cannot: `REJECTED` for input that is not a well-formed event,
 * `IGNORED` for a well-formed event Warden has nothing to do with (an event type it does not
 * handle, a CloudTrail call that failed or was a dry run, a Parameter Store change that failed).
 * Never throws, whatever the input.
 *
 * An event is bound to the account EventBridge stamped on it (`account`): a CloudTrail record's
 * `recipientAccountId` or a Config item's account that names another is rejected, and so is an event
 * of a handled type whose `source` is not an AWS service's (`aws.*`, a prefix only AWS may publish).
 *
 * Read with the defensive readers of `json.ts`, not a schema: events arrive without most envelope
 * fields (a CloudTrail record wrapped by hand), with SIEM-lowercased keys and SIEM time formats, and
 * each refusal names its own reason. Powertools' parser has a schema for the envelope only (all of
 * its fields required) and none for the four detail types read here.
 */
import { InvalidInputError } from '../errors';
import { normalizeCi } from '../normalize-ci';
import { DETAIL_TYPES, type EventKind, type NormalizedEvent } from './event-model';
import {
  field,
  flag,
  isoTime,
  isRecord,
  type Json,
  jsonDepth,
  kindOf,
  MAX_EVENT_DEPTH,
  recordAt,
  TOO_DEEP,
  text,
  textAt,
} from './json';
import { originatorOf } from './originator';

type ParseResult =
  | { readonly ok: true; readonly event: NormalizedEvent }
  | {
      readonly ok: false;
      readonly route: 'REJECTED' | 'IGNORED';
      readonly reason: string;
      /** What could be read before giving up (shown with the reason). */
      readonly partial: Partial<
        Pick<NormalizedEvent, 'eventId' | 'detailType' | 'source' | 'eventName' | 'accountId' | 'region' | 'time'>
      > & {
        readonly eventSource?: string;
        readonly originator?: NormalizedEvent['originator'];
      };
    };

const ACCOUNT_ID = /^\d{12}$/;

/** Error codes that do not mean the call failed. */
const DRY_RUN_CODES = new Set(['Client.DryRunOperation', 'DryRunOperation']);

function reject(reason: string, partial: Extract<ParseResult, { ok: false }>['partial'] = {}): ParseResult {
  return { ok: false, route: 'REJECTED', reason, partial };
}

function ignore(reason: string, partial: Extract<ParseResult, { ok: false }>['partial']): ParseResult {
  return { ok: false, route: 'IGNORED', reason, partial };
}

/** What a JSON document that is not an EventBridge event most likely is, to say so. */
function notAnEnvelope(raw: unknown): string {
  if (Array.isArray(raw)) {
    return `the input is a JSON array of ${raw.length} items, not one EventBridge event; pass each event on its own`;
  }
  if (!isRecord(raw)) return `an EventBridge event must be a JSON object, not ${kindOf(raw)}`;
  if (Array.isArray(raw.Records)) {
    return `the input is a CloudTrail log file (${raw.Records.length} records), not an EventBridge event; pass one record wrapped as {"detail-type": "AWS API Call via CloudTrail", "source": "aws.<service>", "detail": <record>}`;
  }
  if (text(raw.eventName) !== undefined || text(raw.eventSource) !== undefined) {
    return `the input is a bare CloudTrail record (${text(raw.eventName) ?? 'no eventName'}), not an EventBridge event; wrap it as {"detail-type": "AWS API Call via CloudTrail", "source": "aws.<service>", "detail": <record>}`;
  }
  if (raw.invokingEvent !== undefined) {
    return 'the input is an AWS Config rule invocation (invokingEvent), not an EventBridge event';
  }
  if (raw.Type === 'Notification' || raw.TopicArn !== undefined) {
    return 'the input is an SNS notification, not an EventBridge event';
  }
  if (raw.configurationItemStatus !== undefined || raw.configurationItemCaptureTime !== undefined) {
    return 'the input is an AWS Config configuration item, not an EventBridge event';
  }
  const keys = Object.keys(raw).slice(0, 5);
  return `the input is not an EventBridge event: it has no "detail-type" (keys: ${keys.length === 0 ? 'none' : keys.join(', ')})`;
}

/** `s3.amazonaws.com` → `aws.s3`: the EventBridge source CloudTrail events of that service arrive with. */
function sourceFromEventSource(eventSource: string): string {
  return `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;
}

/** `aws.s3` → `s3.amazonaws.com`. */
function eventSourceFromSource(source: string): string {
  return `${source.replace(/^aws\./, '')}.amazonaws.com`;
}

/**
 * The account the event happened in. EventBridge stamps it on the envelope (`account`), and that is
 * authoritative: a CloudTrail `recipientAccountId` must agree with it (`mismatch` otherwise). An event
 * without an envelope account (a hand-made file, a CloudTrail log record wrapped locally) is read from
 * the record's recipient, else the caller's account. `userIdentity.accountId` is the caller's and
 * legitimately differs for cross-account calls, so it is never checked against the others.
 */
function accountOf(envelope: Json, detail: Json): { value?: string; raw?: string; mismatch?: string } {
  const stamped = text(envelope.account);
  const recipient = text(field(detail, 'recipientAccountId'));
  if (stamped !== undefined) {
    if (!ACCOUNT_ID.test(stamped)) return { raw: stamped };
    if (recipient !== undefined && recipient !== stamped) {
      return { value: stamped, raw: stamped, mismatch: `${recipient} (recipientAccountId)` };
    }
    return { value: stamped, raw: stamped };
  }
  const candidates = [recipient, textAt(detail, 'userIdentity', 'accountId')].filter(
    (c): c is string => c !== undefined,
  );
  return { value: candidates.find((c) => ACCOUNT_ID.test(c)), raw: candidates[0] };
}

/** Why an event whose parts name different accounts is not Warden's to act on. */
function notBound(what: string, named: string, stamped: string): string {
  return `${what} belongs to account ${named} but EventBridge delivered it from account ${stamped}: the event is not bound to one account`;
}

function baseOf(envelope: Json, detail: Json, kind: EventKind) {
  const detailType = text(envelope['detail-type']) as string;
  const source = text(envelope.source);
  const eventSource = text(field(detail, 'eventSource'));
  const account = accountOf(envelope, detail);
  return {
    eventId: text(envelope.id) ?? text(field(detail, 'eventID')) ?? 'unknown',
    kind,
    detailType,
    source: source ?? (eventSource === undefined ? 'unknown' : sourceFromEventSource(eventSource)),
    eventSource: eventSource ?? (source === undefined ? 'unknown' : eventSourceFromSource(source)),
    eventName: text(field(detail, 'eventName')) ?? '',
    account,
    region: text(field(detail, 'awsRegion')) ?? text(envelope.region) ?? '',
    time: isoTime(field(detail, 'eventTime')) ?? isoTime(envelope.time),
    originator: originatorOf(field(detail, 'userIdentity')),
  };
}

function partialOf(base: ReturnType<typeof baseOf>): Extract<ParseResult, { ok: false }>['partial'] {
  return {
    eventId: base.eventId,
    detailType: base.detailType,
    source: base.source,
    eventSource: base.eventSource,
    ...(base.eventName === '' ? {} : { eventName: base.eventName }),
    ...(base.account.value === undefined ? {} : { accountId: base.account.value }),
    ...(base.region === '' ? {} : { region: base.region }),
    ...(base.time === undefined ? {} : { time: base.time }),
    ...(base.originator === undefined ? {} : { originator: base.originator }),
  };
}

function requireAccount(base: ReturnType<typeof baseOf>): string | ParseResult {
  if (base.account.mismatch !== undefined && base.account.value !== undefined) {
    return reject(notBound('the CloudTrail record', base.account.mismatch, base.account.value), partialOf(base));
  }
  if (base.account.value !== undefined) return base.account.value;
  return reject(
    base.account.raw === undefined
      ? 'the event names no account (no recipientAccountId, account or userIdentity.accountId)'
      : `the event's account id "${base.account.raw}" is not 12 digits`,
    partialOf(base),
  );
}

function nullableRecord(value: unknown): Json | null {
  return isRecord(value) ? value : null;
}

function cloudTrailResources(detail: Json): NormalizedEvent['resources'] {
  const list = field(detail, 'resources');
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((r) => {
    const arn = text(field(r, 'ARN'));
    const type = text(field(r, 'type'));
    const accountId = text(field(r, 'accountId'));
    return {
      ...(arn === undefined ? {} : { arn }),
      ...(type === undefined ? {} : { type }),
      ...(accountId === undefined ? {} : { accountId }),
    };
  });
}

/** The parts of a CloudTrail record shared by API calls and sign-ins. */
function cloudTrailEvent(base: ReturnType<typeof baseOf>, accountId: string, detail: Json): NormalizedEvent {
  const sourceIp = text(field(detail, 'sourceIPAddress'));
  const userAgent = text(field(detail, 'userAgent'));
  const readOnly = flag(field(detail, 'readOnly'));
  return {
    eventId: base.eventId,
    kind: base.kind,
    detailType: base.detailType,
    source: base.source,
    eventSource: base.eventSource,
    eventName: base.eventName,
    accountId,
    region: base.region,
    ...(base.time === undefined ? {} : { time: base.time }),
    ...(base.originator === undefined ? {} : { originator: base.originator }),
    ...(sourceIp === undefined ? {} : { sourceIp }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(readOnly === undefined ? {} : { readOnly }),
    request: nullableRecord(field(detail, 'requestParameters')),
    response: nullableRecord(field(detail, 'responseElements')),
    additional: nullableRecord(field(detail, 'additionalEventData')),
    resources: cloudTrailResources(detail),
  };
}

function apiCall(envelope: Json, detail: Json): ParseResult {
  const base = baseOf(envelope, detail, 'API_CALL');
  if (base.eventName === '') return reject('the CloudTrail record has no eventName', partialOf(base));
  if (text(field(detail, 'eventSource')) === undefined && text(envelope.source) === undefined) {
    return reject(`the CloudTrail record of ${base.eventName} has no eventSource`, partialOf(base));
  }
  const errorCode = text(field(detail, 'errorCode'));
  if (errorCode !== undefined) {
    const message = text(field(detail, 'errorMessage'));
    const what = message === undefined ? errorCode : `${errorCode}: ${message}`;
    return ignore(
      DRY_RUN_CODES.has(errorCode)
        ? `${base.eventName} was a dry run (${errorCode}): it would have succeeded but changed nothing`
        : `${base.eventName} failed (${what}): nothing changed`,
      partialOf(base),
    );
  }
  const accountId = requireAccount(base);
  if (typeof accountId !== 'string') return accountId;
  return { ok: true, event: cloudTrailEvent(base, accountId, detail) };
}

function signIn(envelope: Json, detail: Json): ParseResult {
  const base = baseOf(envelope, detail, 'SIGN_IN');
  if (base.eventName === '') return reject('the sign-in record has no eventName', partialOf(base));
  const accountId = requireAccount(base);
  if (typeof accountId !== 'string') return accountId;
  const event = cloudTrailEvent(base, accountId, detail);
  // Failed sign-ins carry no errorCode: the result is in responseElements.ConsoleLogin.
  const result = textAt(detail, 'responseElements', 'ConsoleLogin');
  const mfaUsed = flag(textAt(detail, 'additionalEventData', 'MFAUsed'));
  const loginTo = textAt(detail, 'additionalEventData', 'LoginTo');
  return {
    ok: true,
    event: {
      ...event,
      signIn: {
        ...(result === undefined ? {} : { result }),
        ...(mfaUsed === undefined ? {} : { mfaUsed }),
        ...(loginTo === undefined ? {} : { loginTo }),
      },
    },
  };
}

function parameterChange(envelope: Json, detail: Json): ParseResult {
  const base = baseOf(envelope, detail, 'PARAMETER_CHANGE');
  const name = text(field(detail, 'name'));
  const operation = text(field(detail, 'operation'));
  const partial = { ...partialOf(base), ...(operation === undefined ? {} : { eventName: operation }) };
  if (name === undefined) return reject('the Parameter Store Change event names no parameter (detail.name)', partial);
  if (operation === undefined) return reject(`the Parameter Store Change of ${name} has no operation`, partial);
  const exception = text(field(detail, 'exception'));
  if (exception !== undefined) {
    return ignore(`the ${operation} of parameter ${name} failed (${exception}): nothing changed`, partial);
  }
  const accountId = requireAccount(base);
  if (typeof accountId !== 'string') return accountId;
  const resources = Array.isArray(envelope.resources) ? envelope.resources : [];
  const arn = resources.map(text).find((r) => r?.includes(':parameter/'));
  const type = text(field(detail, 'type'));
  const description = text(field(detail, 'description'));
  return {
    ok: true,
    event: {
      eventId: base.eventId,
      kind: 'PARAMETER_CHANGE',
      detailType: base.detailType,
      source: base.source,
      eventSource: 'ssm.amazonaws.com',
      eventName: operation,
      accountId,
      region: base.region,
      ...(base.time === undefined ? {} : { time: base.time }),
      parameter: {
        name,
        operation,
        ...(type === undefined ? {} : { type }),
        ...(description === undefined ? {} : { description }),
        ...(arn === undefined ? {} : { arn }),
      },
      request: null,
      response: null,
      additional: null,
      resources: arn === undefined ? [] : [{ arn, type: 'AWS::SSM::Parameter' }],
    },
  };
}

function configChange(envelope: Json, detail: Json): ParseResult {
  const base = baseOf(envelope, detail, 'CONFIG_CHANGE');
  const messageType = text(field(detail, 'messageType')) ?? '';
  const partial = { ...partialOf(base), ...(messageType === '' ? {} : { eventName: messageType }) };
  const changeType = textAt(detail, 'configurationItemDiff', 'changeType');
  const common = {
    eventId: base.eventId,
    kind: 'CONFIG_CHANGE' as const,
    detailType: base.detailType,
    source: base.source,
    eventSource: 'config.amazonaws.com',
    eventName: messageType,
    ...(base.time === undefined ? {} : { time: base.time }),
    request: null,
    response: null,
    additional: null,
    resources: [],
  };
  if (messageType === 'ConfigurationItemChangeNotification') {
    const raw = field(detail, 'configurationItem');
    if (!isRecord(raw)) return reject('the Config change event has no configurationItem object', partial);
    let ci: NonNullable<NormalizedEvent['configurationItem']>;
    try {
      ci = normalizeCi(raw);
    } catch (error) {
      const why = error instanceof InvalidInputError ? error.message : String(error);
      return reject(`the Config change event's configuration item is malformed: ${why}`, partial);
    }
    const stamped = text(envelope.account);
    if (stamped !== undefined && stamped !== ci.accountId) {
      return reject(notBound('the configuration item', ci.accountId, stamped), partial);
    }
    return {
      ok: true,
      event: {
        ...common,
        accountId: ci.accountId,
        region: ci.region,
        ...(ci.captureTime !== undefined && common.time === undefined ? { time: ci.captureTime } : {}),
        configChange: {
          messageType,
          ...(changeType === undefined ? {} : { changeType }),
          resourceType: ci.resourceType,
          resourceId: ci.resourceId,
        },
        configurationItem: ci,
      },
    };
  }
  if (messageType === 'OversizedConfigurationItemChangeNotification') {
    // Too large for the event: only a summary; the current item is read like for a CloudTrail call.
    const summary = recordAt(detail, 'configurationItemSummary');
    const resourceType = text(field(summary, 'resourceType'));
    const resourceId = text(field(summary, 'resourceId'));
    const accountId = text(field(summary, 'awsAccountId')) ?? base.account.value;
    const region = text(field(summary, 'awsRegion')) ?? base.region;
    if (resourceType === undefined || resourceId === undefined) {
      return reject('the oversized Config change event names no resource (configurationItemSummary)', partial);
    }
    if (accountId === undefined || !ACCOUNT_ID.test(accountId)) {
      return reject(`the oversized Config change event's account id "${accountId ?? ''}" is not 12 digits`, partial);
    }
    const stamped = text(envelope.account);
    if (stamped !== undefined && stamped !== accountId) {
      return reject(notBound('the configuration item', accountId, stamped), partial);
    }
    const summaryChange = text(field(summary, 'changeType')) ?? changeType;
    return {
      ok: true,
      event: {
        ...common,
        accountId,
        region,
        configChange: {
          messageType,
          ...(summaryChange === undefined ? {} : { changeType: summaryChange }),
          resourceType,
          resourceId,
        },
      },
    };
  }
  return ignore(
    messageType === ''
      ? 'the Config event has no messageType; Warden handles configuration item changes only'
      : `Warden does not handle Config ${messageType} messages`,
    partial,
  );
}

/** One EventBridge event → its normalized form, or why not. Never throws. */
function parseEnvelope(raw: unknown): ParseResult {
  // First, before anything walks it: a value nested thousands deep overflows recursive code.
  if (jsonDepth(raw) > MAX_EVENT_DEPTH) return reject(`the event ${TOO_DEEP}`);
  if (!isRecord(raw) || raw['detail-type'] === undefined) return reject(notAnEnvelope(raw));
  const detailType = typeof raw['detail-type'] === 'string' ? text(raw['detail-type']) : undefined;
  if (detailType === undefined) {
    return reject(`"detail-type" must be a non-empty string, not ${kindOf(raw['detail-type'])}`);
  }
  const source = raw.source;
  if (source !== undefined && (typeof source !== 'string' || text(source) === undefined)) {
    return reject(`"source" must be a non-empty string, not ${kindOf(source)}`, { detailType });
  }
  const detail = raw.detail;
  const known = (Object.values(DETAIL_TYPES) as string[]).includes(detailType);
  if (!known) {
    return ignore(`Warden does not handle "${detailType}" events`, {
      detailType,
      ...(text(source) === undefined ? {} : { source: text(source) }),
    });
  }
  // EventBridge reserves the `aws.` prefix for AWS services: an event of one of these types from any
  // other source was put on the bus by someone (PutEvents) and could name any resource. Rejected
  // (the execution fails with the reason, operators are told), never evaluated, never remediated.
  const awsSource = text(source);
  if (awsSource !== undefined && !awsSource.startsWith('aws.')) {
    return reject(
      `the event's source "${awsSource}" is not an AWS service's (aws.*): only AWS publishes "${detailType}" events, so this one was put on the bus by someone else`,
      { detailType, source: awsSource },
    );
  }
  if (!isRecord(detail)) {
    return reject(`a "${detailType}" event needs a "detail" object, not ${kindOf(detail)}`, {
      detailType,
      ...(text(source) === undefined ? {} : { source: text(source) }),
    });
  }
  switch (detailType) {
    case DETAIL_TYPES.apiCall:
      return apiCall(raw, detail);
    case DETAIL_TYPES.signIn:
      return signIn(raw, detail);
    case DETAIL_TYPES.parameterChange:
      return parameterChange(raw, detail);
    default:
      return configChange(raw, detail);
  }
}

export type { ParseResult };
export { eventSourceFromSource, parseEnvelope, sourceFromEventSource };
