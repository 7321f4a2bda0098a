/** Manifest of `Send to Security Hub` (opt-in: `warden:securityHub`): the sweep report's findings, imported with each account's WardenSecurityHub role. */
import { z } from 'zod';
import { bind, type CommonPorts, defineTask, type MemberRoleAccess } from '../shared/task-manifest';
import { createImportFindings, type ImportFindingsDeps } from './import-findings';

interface ImportFindingsPorts extends Pick<CommonPorts, 'artifacts' | 'ddb' | 'now'> {
  /** The Security Hub client of an account-region, with the member role. */
  readonly hubs: (access: MemberRoleAccess) => ImportFindingsDeps['hubFor'];
  readonly rules: ImportFindingsDeps['rules'];
}

const importFindingsTask = defineTask({
  name: 'import-findings',
  description: 'Warden sweep: Send to Security Hub',
  env: {
    ARTIFACTS_BUCKET: bind.bucket(),
    EXEMPTIONS_TABLE: bind.table('exemptions'),
    SECURITY_HUB_ROLE_NAME: bind.setting('securityHubRoleName', z.string().min(1)),
    EXTERNAL_ID: bind.setting('externalId', z.string().min(1)),
    AWS_PARTITION: bind.setting('partition', z.string().min(1)),
    /** Warden's version, named in the findings (ProductFields, OCSF metadata). */
    WARDEN_VERSION: bind.setting('productVersion', z.string().min(1)),
  },
  access: [
    { kind: 'objects', access: 'read', prefix: 'reports' },
    // The exemptions' reasons, for the Notes of suppressed findings.
    { kind: 'table', table: 'exemptions', operations: ['Scan'] },
    { kind: 'assumeMemberRole', role: 'securityHubRoleName' },
  ],
  create: (env, ports: ImportFindingsPorts) =>
    createImportFindings({
      store: ports.artifacts(env.ARTIFACTS_BUCKET),
      ddb: ports.ddb,
      exemptionsTable: env.EXEMPTIONS_TABLE,
      hubFor: ports.hubs({
        roleName: env.SECURITY_HUB_ROLE_NAME,
        externalId: env.EXTERNAL_ID,
        partition: env.AWS_PARTITION,
      }),
      rules: ports.rules,
      productVersion: env.WARDEN_VERSION,
      ...(ports.now === undefined ? {} : { now: ports.now }),
    }),
});

export type { ImportFindingsPorts };
export { importFindingsTask };
