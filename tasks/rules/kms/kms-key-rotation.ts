/**
 * kms-key-rotation: every customer managed symmetric KMS key has automatic key rotation on
 * (FSBP KMS.4, CIS 3.6). Remediation: EnableKeyRotation, safe: the key id, ARN, aliases and policy
 * stay; KMS keeps every earlier key material to decrypt what it encrypted, so no caller notices.
 *
 * Reads what AWS Config records for AWS::KMS::Key (awslabs/aws-config-resource-schema):
 * `configuration.{keyManager, keyState, keySpec (customerMasterKeySpec before it), origin,
 * multiRegionConfiguration.multiRegionKeyType}` and `supplementaryConfiguration.KeyRotationStatus`.
 * NOT_APPLICABLE, as KMS supports automatic rotation for none of them: AWS managed keys (KMS rotates
 * them every year itself), asymmetric and HMAC keys, keys with imported (EXTERNAL) material or in a
 * custom key store (AWS_CLOUDHSM, EXTERNAL_KEY_STORE), and keys pending deletion.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { InvalidInputError, UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z
  .object({
    /** Days between automatic rotations EnableKeyRotation sets (KMS allows 90 to 2560). @default 365 */
    rotationPeriodInDays: z.number().int().min(90).max(2560).default(365),
  })
  .strict();

type KmsKeyRotationParams = z.infer<typeof parameters>;

const DELETING = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

function keyName(ci: ConfigurationItem): string {
  return `KMS key ${ci.resourceId}`;
}

/** Why automatic rotation does not apply to the key, or `undefined` when it does. */
function notApplicable(ci: ConfigurationItem): string | undefined {
  const c = ci.configuration;
  const manager = stringOf(c.keyManager);
  if (manager === undefined) throw new UnknownPropertyError('keyManager', 'not recorded in the configuration item');
  if (manager !== 'CUSTOMER')
    return `is ${manager === 'AWS' ? 'an AWS managed key' : `managed by ${manager}`}, which KMS rotates itself`;
  const state = stringOf(c.keyState);
  if (state !== undefined && DELETING.has(state)) return `is ${state}`;
  // No key spec recorded = a key described before KMS had asymmetric keys: symmetric.
  const spec = stringOf(c.keySpec) ?? stringOf(c.customerMasterKeySpec) ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT') return `has key spec ${spec}: only symmetric encryption keys rotate automatically`;
  const origin = stringOf(c.origin);
  if (origin === undefined) throw new UnknownPropertyError('origin', 'not recorded in the configuration item');
  if (origin !== 'AWS_KMS') {
    return `has key material of origin ${origin}: keys with imported material or in a custom key store do not rotate automatically`;
  }
  return undefined;
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `${keyName(ci)} no longer exists (${ci.status})` };
  const why = notApplicable(ci);
  if (why !== undefined) return { status: 'NOT_APPLICABLE', message: `${keyName(ci)} ${why}` };
  requireKnown(ci, 'KeyRotationStatus');
  const enabled = booleanOf(ci.supplementaryConfiguration.KeyRotationStatus);
  if (enabled === undefined)
    throw new UnknownPropertyError('KeyRotationStatus', 'not recorded in the configuration item');
  const evidence = { keyRotationStatus: enabled, keyState: stringOf(ci.configuration.keyState) ?? null };
  return enabled
    ? { status: 'COMPLIANT', message: `${keyName(ci)} rotates its key material automatically`, evidence }
    : { status: 'NON_COMPLIANT', message: `${keyName(ci)} has automatic key rotation turned off`, evidence };
}

function plan(ci: ConfigurationItem, params: KmsKeyRotationParams): ApiCall[] {
  const multiRegion = ci.configuration.multiRegionConfiguration;
  if (isRecord(multiRegion) && stringOf(multiRegion.multiRegionKeyType) === 'REPLICA') {
    throw new InvalidInputError(
      `${keyName(ci)} is a multi-Region replica key: rotation is set on its primary key (${stringOf(isRecord(multiRegion.primaryKey) ? multiRegion.primaryKey.arn : undefined) ?? 'not recorded'})`,
    );
  }
  return [
    {
      service: 'kms',
      operation: 'EnableKeyRotation',
      input: { KeyId: ci.resourceId, RotationPeriodInDays: params.rotationPeriodInDays },
    },
  ];
}

const kmsKeyRotation = defineRule<KmsKeyRotationParams>({
  id: 'kms-key-rotation',
  title: 'Customer managed KMS keys rotate their key material automatically',
  severity: 'MEDIUM',
  controls: ['FSBP KMS.4', 'CIS 3.6'],
  rationale:
    'A key whose material never changes keeps every ciphertext it ever produced exposed to one compromise of that material. Rotation changes nothing callers see (same key id, ARN, aliases and policy; KMS keeps the older material to decrypt), and costs little (the first two rotations add to the monthly key price), so the rule remediates by default.',
  resourceTypes: ['AWS::KMS::Key'],
  triggers: {
    cloudTrail: [{ source: 'aws.kms', eventNames: ['CreateKey', 'DisableKeyRotation'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'remediate',
  parameters,
  evaluate,
  remediation: {
    risk: 'safe',
    operations: [{ service: 'kms', operation: 'EnableKeyRotation', target: 'KeyId' }],
    plan,
  },
  iac: {
    cloudformation: 'EnableKeyRotation',
    change: (_ci, params) => `set EnableKeyRotation: true (RotationPeriodInDays: ${params.rotationPeriodInDays})`,
    cdk: (_ci, params) => `enableKeyRotation: true, rotationPeriod: Duration.days(${params.rotationPeriodInDays})`,
    terraform: (_ci, params) =>
      `enable_key_rotation = true, rotation_period_in_days = ${params.rotationPeriodInDays} on aws_kms_key`,
  },
});

export { type KmsKeyRotationParams, kmsKeyRotation };
