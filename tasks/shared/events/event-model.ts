/**
 * What `Normalize event` makes of an EventBridge event: one shape for CloudTrail API calls, console
 * sign-ins, Config configuration item changes and Parameter Store changes, whatever quirks the
 * original had (see ../shared/corpus/INDEX.md). Event rules (`tasks/rules/events/`) read this; the
 * state machine carries `EventSummary` (the same without the raw request and response).
 */
import type { ConfigurationItem, Mode, Severity } from '../model';

/** The EventBridge `detail-type`s Warden handles. */
const DETAIL_TYPES = {
  apiCall: 'AWS API Call via CloudTrail',
  signIn: 'AWS Console Sign In via CloudTrail',
  configChange: 'Config Configuration Item Change',
  parameterChange: 'Parameter Store Change',
} as const;

type EventKind = 'API_CALL' | 'SIGN_IN' | 'CONFIG_CHANGE' | 'PARAMETER_CHANGE';

/**
 * Who really did it. For `AssumedRole` identities that is the role the session was issued for and
 * the session's name (often the person), plus the source identity and the Identity Center user
 * when CloudTrail records them.
 */
interface Originator {
  /** `userIdentity.type`: IAMUser, AssumedRole, Root, FederatedUser, AWSService, AWSAccount, IdentityCenterUser, … */
  readonly type: string;
  /** One readable phrase: `role AdminRole (session alice)`, `IAM user anaya`, `root user`, … */
  readonly display: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly principalId?: string;
  readonly userName?: string;
  /** AssumedRole / FederatedUser: the session issuer (the role, or the IAM user for federation tokens). */
  readonly issuerArn?: string;
  readonly issuerName?: string;
  readonly issuerType?: string;
  /** AssumedRole: the role session name (`assumed-role/<role>/<session>`). */
  readonly sessionName?: string;
  /** `sts:SetSourceIdentity` value carried by the session (survives role chaining). */
  readonly sourceIdentity?: string;
  /** IAM Identity Center user the request was made on behalf of. */
  readonly onBehalfOf?: { readonly userId: string; readonly identityStoreArn?: string };
  /** The AWS service that made the call on the principal's behalf (`autoscaling.amazonaws.com`). */
  readonly invokedBy?: string;
  readonly mfaAuthenticated?: boolean;
}

interface SignInDetails {
  /** `responseElements.ConsoleLogin`: `Success` or `Failure` (failures carry no errorCode). */
  readonly result?: string;
  /** `additionalEventData.MFAUsed == "Yes"`; undefined when not recorded. */
  readonly mfaUsed?: boolean;
  readonly loginTo?: string;
}

interface ParameterDetails {
  readonly name: string;
  /** Create, Update, Delete, LabelParameterVersion, … */
  readonly operation: string;
  readonly type?: string;
  readonly description?: string;
  readonly arn?: string;
}

interface ConfigChangeDetails {
  readonly messageType: string;
  /** CREATE, UPDATE, DELETE (`configurationItemDiff.changeType`). */
  readonly changeType?: string;
  readonly resourceType: string;
  readonly resourceId: string;
}

/** A normalized event, as event rules see it. */
interface NormalizedEvent {
  /** The EventBridge event id, else the CloudTrail eventID. */
  readonly eventId: string;
  readonly kind: EventKind;
  readonly detailType: string;
  /** EventBridge `source` (`aws.s3`), derived from the CloudTrail eventSource when the envelope had none. */
  readonly source: string;
  /** CloudTrail `eventSource` (`s3.amazonaws.com`); Parameter Store / Config: `ssm.amazonaws.com` / `config.amazonaws.com`. */
  readonly eventSource: string;
  /** CloudTrail `eventName`; Parameter Store: the operation; Config: the message type. */
  readonly eventName: string;
  /** The account the event happened in (12 digits). */
  readonly accountId: string;
  /** As recorded; not necessarily a valid region name (anonymized data, SIEM rewrites). */
  readonly region: string;
  /** ISO-8601 UTC, when the event says when. */
  readonly time?: string;
  readonly originator?: Originator;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly readOnly?: boolean;
  readonly signIn?: SignInDetails;
  readonly parameter?: ParameterDetails;
  readonly configChange?: ConfigChangeDetails;
  /** CloudTrail `requestParameters` / `responseElements` as recorded (`null` stays `null`). */
  readonly request: Record<string, unknown> | null;
  readonly response: Record<string, unknown> | null;
  /** CloudTrail `additionalEventData`. */
  readonly additional: Record<string, unknown> | null;
  /** CloudTrail `resources` (`[{ARN, accountId, type}]`), when recorded. */
  readonly resources: readonly { readonly arn?: string; readonly type?: string; readonly accountId?: string }[];
  /** Config change events carry the configuration item itself (normalized). */
  readonly configurationItem?: ConfigurationItem;
}

/** What travels through the state machine: the event without its raw request/response/CI. */
type EventSummary = Omit<NormalizedEvent, 'request' | 'response' | 'additional' | 'resources' | 'configurationItem'>;

/** One resource an event names, to be read in its account before the resource rules evaluate it. */
interface ResourceRef {
  readonly resourceType: string;
  /** Config's resourceId (bucket name, instance id, group id, dbi resource id); absent when only a name is known. */
  readonly resourceId?: string;
  /** A name to look the resource up by when the id is not in the event (security group name, DB identifier). */
  readonly resourceName?: string;
  readonly accountId: string;
  readonly region: string;
}

/** A `WatchList` item: a CloudTrail event source + name someone wants to hear about. */
interface WatchEntry {
  /** CloudTrail eventSource, e.g. `iam.amazonaws.com`. */
  readonly eventSource: string;
  /** CloudTrail eventName, or `*` for every call of the source. */
  readonly eventName: string;
  readonly severity: Severity;
  readonly note?: string;
}

function summaryOf(event: NormalizedEvent): EventSummary {
  const { request: _r, response: _p, additional: _a, resources: _s, configurationItem: _c, ...summary } = event;
  return summary;
}
/** What the event concerns: the resource it created or changed, else the principal (sign-ins, watched calls). */
interface EventSubject {
  readonly type: string;
  readonly id: string;
  /** Exemptions match this ARN (anchored glob). */
  readonly arn: string;
}

/** An informational rule's match, as `Notify` receives it. */
interface RuleMatch {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly mode: Mode;
  readonly summary: string;
  readonly message: string;
  readonly subject: EventSubject;
  readonly details: Readonly<Record<string, string>>;
  readonly dedupeKey: string;
}

export type {
  ConfigChangeDetails,
  EventKind,
  EventSubject,
  EventSummary,
  NormalizedEvent,
  Originator,
  ParameterDetails,
  ResourceRef,
  RuleMatch,
  SignInDetails,
  WatchEntry,
};
export { DETAIL_TYPES, summaryOf };
