/**
 * rds-instance-encryption-and-tags: every RDS DB instance has encrypted storage and carries the
 * required tag keys. Notify only: RDS cannot encrypt an existing instance in place (snapshot →
 * encrypted copy → restore), and the tag owners are the ones who know the right values.
 *
 * Reads what AWS Config records for AWS::RDS::DBInstance (awslabs/aws-config-resource-schema):
 * `configuration.{storageEncrypted, kmsKeyId, dBInstanceIdentifier, dBInstanceStatus}` and the
 * top-level `tags` (or `configuration.tagList` when a source left the top level out).
 *
 * Length: audit-only, over 80 lines: two checks (encryption, tags) whose IaC hint names only what is
 * wrong.
 */
import { z } from 'zod';
import { requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, stringOf, tagsOf } from '../ci-values';
import { defineRule } from '../rule';
import { goneInstance, instanceName as nameOf } from './db-instance';

const parameters = z
  .object({
    /** Tag keys every DB instance must carry (case-sensitive, as AWS compares them). @default ['Owner', 'CostCenter'] */
    requiredTags: z
      .array(
        z
          .string()
          .min(1)
          .max(128)
          .refine((key) => !/^aws:/i.test(key), 'tag keys starting with "aws:" are reserved for AWS'),
      )
      .default(() => ['Owner', 'CostCenter']),
    /** Whether unencrypted storage makes an instance non-compliant. @default true */
    requireStorageEncryption: z.boolean().default(true),
  })
  .strict();

type RdsInstanceEncryptionAndTagsParams = z.infer<typeof parameters>;

interface Problems {
  readonly unencrypted: boolean;
  readonly missingTags: string[];
}

function problemsOf(
  ci: ConfigurationItem,
  params: RdsInstanceEncryptionAndTagsParams,
): Problems & { encrypted: boolean } {
  const encrypted = booleanOf(ci.configuration.storageEncrypted);
  if (encrypted === undefined) {
    throw new UnknownPropertyError('storageEncrypted', 'not recorded in the configuration item');
  }
  requireKnown(ci, 'tags');
  const tags = tagsOf(ci);
  return {
    encrypted,
    unencrypted: params.requireStorageEncryption && !encrypted,
    missingTags: params.requiredTags.filter((key) => !Object.hasOwn(tags, key)),
  };
}

function evaluate(ci: ConfigurationItem, params: RdsInstanceEncryptionAndTagsParams): Evaluation {
  const gone = goneInstance(ci);
  if (gone !== undefined) return gone;
  const { encrypted, unencrypted, missingTags } = problemsOf(ci, params);
  const kmsKeyId = stringOf(ci.configuration.kmsKeyId) ?? null;
  const evidence = { storageEncrypted: encrypted, kmsKeyId, missingTags, requiredTags: params.requiredTags };
  if (!unencrypted && missingTags.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `DB instance ${nameOf(ci)} ${encrypted ? 'has encrypted storage' : 'is not required to encrypt storage'} and carries ${params.requiredTags.join(', ') || 'no required tags'}`,
      evidence,
    };
  }
  const parts: string[] = [];
  if (unencrypted) {
    parts.push('storage is not encrypted (RDS cannot encrypt in place: restore an encrypted snapshot copy)');
  }
  if (missingTags.length > 0) {
    parts.push(`missing required tag${missingTags.length > 1 ? 's' : ''} ${missingTags.join(', ')}`);
  }
  return { status: 'NON_COMPLIANT', message: `DB instance ${nameOf(ci)}: ${parts.join('; ')}`, evidence };
}

/** What the IaC must change; when the item cannot be read, everything the rule checks. */
function hintProblems(ci: ConfigurationItem, params: RdsInstanceEncryptionAndTagsParams): Problems {
  try {
    return problemsOf(ci, params);
  } catch {
    return { unencrypted: true, missingTags: params.requiredTags };
  }
}

function suggestedChange(ci: ConfigurationItem, params: RdsInstanceEncryptionAndTagsParams): string {
  const { unencrypted, missingTags } = hintProblems(ci, params);
  return [
    ...(unencrypted ? ['set StorageEncrypted: true (replaces the instance: migrate via an encrypted snapshot)'] : []),
    ...(missingTags.length > 0 ? [`add tags ${missingTags.join(', ')}`] : []),
  ].join('; ');
}

const rdsInstanceEncryptionAndTags = defineRule<RdsInstanceEncryptionAndTagsParams>({
  id: 'rds-instance-encryption-and-tags',
  title: 'RDS DB instances encrypt storage and carry the required tags',
  severity: 'HIGH',
  controls: ['FSBP RDS.3', 'CIS 2.3.1'],
  controlsNote:
    'Also fails an instance missing a required tag key, which no FSBP or CIS control checks (Security Hub checks RDS tags only in its AWS Resource Tagging Standard); requireStorageEncryption: false leaves only that check.',
  rationale:
    'Unencrypted RDS storage exposes the data in the instance, its snapshots and its read replicas to whoever gets a copy, and an untagged database has no owner to fix it. RDS cannot encrypt an existing instance in place (snapshot, encrypted copy, restore) and only the owners know the right tag values, so it notifies.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  triggers: {
    cloudTrail: [{ source: 'aws.rds', eventNames: ['CreateDBInstance', 'RemoveTagsFromResource'] }],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: (ci, params) => (hintProblems(ci, params).unencrypted ? 'StorageEncrypted' : 'Tags'),
    change: suggestedChange,
    cdk: (ci, params) => {
      const { unencrypted, missingTags } = hintProblems(ci, params);
      return [
        ...(unencrypted ? ['storageEncrypted: true'] : []),
        ...missingTags.map((k) => `Tags.of(db).add('${k}', …)`),
      ].join('; ');
    },
    terraform: (ci, params) => {
      const { unencrypted, missingTags } = hintProblems(ci, params);
      const tags = missingTags.length > 0 ? [`tags = { ${missingTags.map((k) => `${k} = "…"`).join(', ')} }`] : [];
      return [...(unencrypted ? ['storage_encrypted = true'] : []), ...tags].join('; ');
    },
  },
});

export { type RdsInstanceEncryptionAndTagsParams, rdsInstanceEncryptionAndTags };
