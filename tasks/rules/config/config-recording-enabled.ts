/**
 * config-recording-enabled: AWS Config records the region — a configuration recorder is recording,
 * records every supported resource type, and (by default) uses Config's service-linked role
 * AWSServiceRoleForConfig (FSBP Config.1, whose parameter `includeConfigServiceLinkedRole` defaults
 * to true; CIS 3.3). Judged on the region's `Warden::Config::RegionStatus` item
 * (`tasks/shared/inventory/config-recorders.ts`): `recorders[].{roleARN, recordingGroup.allSupported,
 * recordingGroup.recordingStrategy.useOnly, servicePrincipal, status.recording, status.lastStatus}`.
 *
 * Service-linked recorders (`servicePrincipal` set, created by another AWS service for its own use)
 * do not count: their scope is the service's, not the account's. Notify only: recording costs money
 * per configuration item and needs a delivery channel.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, listOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

/** The role ARN path of Config's service-linked role. */
const SERVICE_LINKED_ROLE = /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;

const parameters = z
  .object({
    /**
     * Require the recorder to use the service-linked role AWSServiceRoleForConfig (FSBP Config.1's
     * `includeConfigServiceLinkedRole`); `false` accepts any role. @default true
     */
    requireServiceLinkedRole: z.boolean().default(true),
  })
  .strict();

type ConfigRecordingEnabledParams = z.infer<typeof parameters>;

/** Why a recorder does not count, or `undefined` when it does. */
function problemOf(recorder: Record<string, unknown>, params: ConfigRecordingEnabledParams): string | undefined {
  const status = isRecord(recorder.status) ? recorder.status : {};
  const group = isRecord(recorder.recordingGroup) ? recorder.recordingGroup : {};
  const strategy = isRecord(group.recordingStrategy) ? stringOf(group.recordingStrategy.useOnly) : undefined;
  const problems: string[] = [];
  if (booleanOf(status.recording) !== true) problems.push('is not recording');
  const allTypes = booleanOf(group.allSupported) === true || strategy === 'ALL_SUPPORTED_RESOURCE_TYPES';
  if (!allTypes) problems.push(`records only some resource types (${strategy ?? 'allSupported: false'})`);
  const role = stringOf(recorder.roleARN);
  if (params.requireServiceLinkedRole && (role === undefined || !SERVICE_LINKED_ROLE.test(role))) {
    problems.push(`uses role ${role ?? '(none)'}, not the service-linked role AWSServiceRoleForConfig`);
  }
  return problems.length === 0 ? undefined : problems.join(', ');
}

function evaluate(ci: ConfigurationItem, params: ConfigRecordingEnabledParams): Evaluation {
  const where = `${ci.accountId}/${ci.region}`;
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `No AWS Config status for ${where} (${ci.status})` };
  requireKnown(ci, 'recorders');
  const all = listOf(ci.configuration.recorders).filter(isRecord);
  const recorders = all.filter((r) => stringOf(r.servicePrincipal) === undefined);
  const serviceLinked = all.flatMap((r) => stringOf(r.servicePrincipal) ?? []);
  const evidence = {
    recorders: recorders.map((r) => ({
      name: stringOf(r.name) ?? null,
      roleARN: stringOf(r.roleARN) ?? null,
      recording: isRecord(r.status) ? (booleanOf(r.status.recording) ?? null) : null,
      lastStatus: isRecord(r.status) ? (stringOf(r.status.lastStatus) ?? null) : null,
    })),
    requireServiceLinkedRole: params.requireServiceLinkedRole,
  };
  if (recorders.length === 0) {
    return {
      status: 'NON_COMPLIANT',
      message: `AWS Config has no configuration recorder in ${where}${serviceLinked.length === 0 ? '' : ` of the account's own (only the service-linked one of ${serviceLinked.join(', ')})`}: resource changes there are not recorded`,
      evidence,
    };
  }
  const verdicts = recorders.map((r) => ({ name: stringOf(r.name) ?? '(unnamed)', problem: problemOf(r, params) }));
  const good = verdicts.find((v) => v.problem === undefined);
  if (good !== undefined) {
    return {
      status: 'COMPLIANT',
      message: `AWS Config recorder ${good.name} records every supported resource type in ${where}`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `AWS Config does not fully record ${where}: ${verdicts.map((v) => `recorder ${v.name} ${v.problem}`).join('; ')}`,
    evidence,
  };
}

const configRecordingEnabled = defineRule<ConfigRecordingEnabledParams>({
  id: 'config-recording-enabled',
  title: 'AWS Config records every resource type in each region',
  severity: 'HIGH',
  controls: ['FSBP Config.1', 'CIS 3.3'],
  controlsNote:
    "Stricter than FSBP Config.1, which asks only for the resource types of the region's enabled Security Hub controls: Warden has no such list, so every supported type must be recorded, as CIS 3.3 asks. Global resource types (IAM) are not required in every region: Config records them in one. Recorders other AWS services own (service-linked, with a servicePrincipal) do not count.",
  rationale:
    'Without a recorder the region has no configuration history: a changed security group or a deleted bucket policy cannot be traced, and Warden itself falls back to reading the APIs. Recording has a cost per configuration item and needs a delivery channel and its bucket, so the rule notifies the account owner.',
  resourceTypes: ['Warden::Config::RegionStatus'],
  // Sweep only: no CloudTrail extractor names this item (StopConfigurationRecorder is notified at
  // once by the config-recorder-stopped event rule).
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::Config::ConfigurationRecorder RecordingGroup.AllSupported / RoleARN',
    change:
      'set RecordingGroup.AllSupported: true and RoleARN to the AWSServiceRoleForConfig service-linked role, with a delivery channel, and start the recorder',
    cdk: "new config.CfnConfigurationRecorder(this, 'Recorder', { roleArn: serviceLinkedRoleArn, recordingGroup: { allSupported: true } })",
    terraform:
      'recording_group { all_supported = true } and role_arn = the AWSServiceRoleForConfig ARN on aws_config_configuration_recorder, plus aws_config_configuration_recorder_status { is_enabled = true }',
  },
});

export { type ConfigRecordingEnabledParams, configRecordingEnabled };
