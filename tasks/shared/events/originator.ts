/**
 * The real originator behind a CloudTrail `userIdentity`: for an assumed role, the role the session
 * was issued for and the session's name (with the source identity and the Identity Center user when
 * recorded), not the opaque `assumed-role/…` ARN. See the CloudTrail userIdentity reference.
 */
import type { Originator } from './event-model';
import { field, flag, isRecord, recordAt, text, textAt } from './json';

/** `assumed-role/<role>/<session>` or `federated-user/<name>`: the last path segment. */
function lastSegment(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/').filter((p) => p !== '');
  return parts.length >= 2 ? parts[parts.length - 1] : undefined;
}

/** `AWSReservedSSO_<PermissionSet>_<hash>`: the permission set name, when the role is Identity Center's. */
function permissionSetOf(roleName: string | undefined): string | undefined {
  const m = roleName === undefined ? null : /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(roleName);
  return m?.[1];
}

function describe(o: Omit<Originator, 'display'>): string {
  let who: string;
  switch (o.type) {
    case 'Root':
      who = o.accountId === undefined ? 'root user' : `root user of ${o.accountId}`;
      break;
    case 'IAMUser':
      // A failed sign-in with a name that is not a user of the account: CloudTrail does not log it.
      who =
        o.userName === 'HIDDEN_DUE_TO_SECURITY_REASONS'
          ? 'IAM user name not recorded (HIDDEN_DUE_TO_SECURITY_REASONS: the name entered is not a user of the account)'
          : `IAM user ${o.userName ?? lastSegment(o.arn) ?? o.principalId ?? '(unnamed)'}`;
      break;
    case 'AssumedRole': {
      const permissionSet = permissionSetOf(o.issuerName);
      if (permissionSet !== undefined && o.sessionName !== undefined) {
        who = `Identity Center user ${o.sessionName} (permission set ${permissionSet})`;
      } else {
        const role = o.issuerName ?? '(unknown role)';
        who = o.sessionName === undefined ? `role ${role}` : `role ${role} (session ${o.sessionName})`;
      }
      break;
    }
    case 'FederatedUser':
      who = `federated user ${lastSegment(o.arn) ?? o.principalId ?? '(unnamed)'}${o.issuerName === undefined ? '' : ` (token issued to IAM user ${o.issuerName})`}`;
      break;
    case 'AWSService':
      who = `AWS service ${o.invokedBy ?? '(unnamed)'}`;
      break;
    case 'AWSAccount':
      who = `account ${o.accountId ?? o.principalId ?? '(unknown)'}`;
      break;
    case 'IdentityCenterUser':
      who = `Identity Center user ${o.onBehalfOf?.userId ?? o.userName ?? o.principalId ?? '(unnamed)'}`;
      break;
    default:
      who = o.userName ?? o.arn ?? o.principalId ?? 'an unknown caller';
      if (o.type !== 'Unknown' && o.type !== '') who = `${o.type} ${who}`;
  }
  const extras = [
    o.sourceIdentity === undefined ? undefined : `source identity ${o.sourceIdentity}`,
    o.onBehalfOf === undefined || o.type === 'IdentityCenterUser'
      ? undefined
      : `on behalf of Identity Center user ${o.onBehalfOf.userId}`,
    o.invokedBy === undefined || o.type === 'AWSService' ? undefined : `via ${o.invokedBy}`,
  ].filter((e): e is string => e !== undefined);
  return extras.length === 0 ? who : `${who}, ${extras.join(', ')}`;
}

/** The originator of a CloudTrail record's `userIdentity`; undefined when there is none. */
function originatorOf(userIdentity: unknown): Originator | undefined {
  if (!isRecord(userIdentity)) return undefined;
  const type = text(field(userIdentity, 'type')) ?? 'Unknown';
  const arn = text(field(userIdentity, 'arn'));
  const issuer = recordAt(userIdentity, 'sessionContext', 'sessionIssuer');
  const principalId = text(field(userIdentity, 'principalId'));
  const onBehalfOf = recordAt(userIdentity, 'onBehalfOf');
  const onBehalfUser = text(field(onBehalfOf, 'userId'));
  const colon = principalId?.indexOf(':') ?? -1;
  const sessionFromPrincipal = colon >= 0 ? text(principalId?.slice(colon + 1)) : undefined;
  const base = {
    type,
    arn,
    accountId: text(field(userIdentity, 'accountId')),
    principalId,
    userName: text(field(userIdentity, 'userName')),
    issuerArn: text(field(issuer, 'arn')),
    issuerName: text(field(issuer, 'userName')) ?? (type === 'AssumedRole' ? assumedRoleOf(arn)?.role : undefined),
    issuerType: text(field(issuer, 'type')),
    sessionName: type === 'AssumedRole' ? (assumedRoleOf(arn)?.session ?? sessionFromPrincipal) : undefined,
    sourceIdentity:
      textAt(userIdentity, 'sessionContext', 'sourceIdentity') ?? text(field(userIdentity, 'sourceIdentity')),
    onBehalfOf: onBehalfUser === undefined ? undefined : onBehalfOfEntry(onBehalfUser, onBehalfOf),
    invokedBy: text(field(userIdentity, 'invokedBy')),
    mfaAuthenticated: flag(textAt(userIdentity, 'sessionContext', 'attributes', 'mfaAuthenticated')),
  };
  const compact = Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Omit<
    Originator,
    'display'
  >;
  return { ...compact, display: describe(compact) };
}

function onBehalfOfEntry(userId: string, raw: unknown): NonNullable<Originator['onBehalfOf']> {
  const identityStoreArn = text(field(raw, 'identityStoreArn'));
  return identityStoreArn === undefined ? { userId } : { userId, identityStoreArn };
}

/** `arn:aws:sts::123:assumed-role/<role>/<session>` → role and session. */
function assumedRoleOf(arn: string | undefined): { role: string; session: string } | undefined {
  const m = arn === undefined ? null : /:assumed-role\/([^/]+)\/([^/]+)$/.exec(arn);
  return m === null ? undefined : { role: m[1] as string, session: m[2] as string };
}

export { originatorOf };
