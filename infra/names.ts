/**
 * Names the central and member stacks agree on without referring to each other: the member stack is
 * deployed into other accounts (per account or by StackSet), so it can only name central resources.
 */

/** Read-only role in every member account, assumed by the central Collect task. */
const AUDIT_ROLE_NAME = 'WardenAudit';
/** Remediation role in every member account, assumed by the central Remediate task. */
const REMEDIATE_ROLE_NAME = 'WardenRemediate';
/** The central Collect task's role (the only principal `WardenAudit` trusts). */
const COLLECT_TASK_ROLE_NAME = 'WardenCollectTask';
/** The central Remediate task's role (the only principal `WardenRemediate` trusts). */
const REMEDIATE_TASK_ROLE_NAME = 'WardenRemediateTask';
/**
 * The central event workflow's task that reads one resource's current state in a member account
 * (`tasks/fetch-resource`); its role must have this name for `WardenAudit` to trust it.
 */
const FETCH_RESOURCE_TASK_ROLE_NAME = 'WardenFetchResourceTask';
/**
 * With `warden:securityHub`: the member role that imports Warden's findings into the account's own
 * Security Hub (a custom integration's default product takes findings only from their account),
 * and the one central task role it trusts.
 */
const SECURITY_HUB_ROLE_NAME = 'WardenSecurityHub';
const IMPORT_FINDINGS_TASK_ROLE_NAME = 'WardenImportFindingsTask';
/** Every central role `WardenAudit` trusts. */
const AUDIT_TRUSTED_TASK_ROLE_NAMES: readonly string[] = [COLLECT_TASK_ROLE_NAME, FETCH_RESOURCE_TASK_ROLE_NAME];
/** The central event bus member accounts forward their events to. */
const EVENT_BUS_NAME = 'warden';

/**
 * What a first deploy may do, until the operator raises it (docs/deploy.md, "From audit to remediate"):
 * the daily sweep only reports, the event path only notifies; nothing in a member account is changed.
 */
const DEFAULT_SCHEDULED_MODE = 'audit';
const DEFAULT_EVENT_MODE = 'notify';

const CENTRAL_STACK_NAME = 'WardenCentral';
const MEMBER_STACK_NAME = 'WardenMember';

export {
  AUDIT_ROLE_NAME,
  AUDIT_TRUSTED_TASK_ROLE_NAMES,
  CENTRAL_STACK_NAME,
  COLLECT_TASK_ROLE_NAME,
  DEFAULT_EVENT_MODE,
  DEFAULT_SCHEDULED_MODE,
  EVENT_BUS_NAME,
  FETCH_RESOURCE_TASK_ROLE_NAME,
  IMPORT_FINDINGS_TASK_ROLE_NAME,
  MEMBER_STACK_NAME,
  REMEDIATE_ROLE_NAME,
  REMEDIATE_TASK_ROLE_NAME,
  SECURITY_HUB_ROLE_NAME,
};
