import { describe, expect, it } from 'vitest';
import { rdsInstanceEncryptionAndTags as rule } from '../../../../tasks/rules/rds/rds-instance-encryption-and-tags';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'rds-instance-encryption-and-tags';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('rds-instance-encryption-and-tags: definition', () => {
  it('notifies, has no remediation and documented defaults', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(defaults).toEqual({ requiredTags: ['Owner', 'CostCenter'], requireStorageEncryption: true });
    expect(rule.parameters.safeParse({ requiredTags: ['aws:owner'] }).success).toBe(false);
  });
});

describe('rds-instance-encryption-and-tags: evaluate', () => {
  it('unencrypted and untagged: both problems in one finding', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'DB instance sandbox-mysql (db-5X2JUAGZJJ525N2Q2SXNE37GJY): storage is not encrypted (RDS cannot encrypt in place: restore an encrypted snapshot copy); missing required tags Owner, CostCenter',
      evidence: {
        storageEncrypted: false,
        kmsKeyId: null,
        missingTags: ['Owner', 'CostCenter'],
        requiredTags: ['Owner', 'CostCenter'],
      },
    });
  });

  it('each problem alone is non-compliant; tag keys are case-sensitive', () => {
    expect(rule.evaluate(fixture('non-compliant-unencrypted'), defaults).message).toBe(
      'DB instance analytics-warehouse (db-EKXNMGTM5LCM6WVZAU6AU3FQIC): storage is not encrypted (RDS cannot encrypt in place: restore an encrypted snapshot copy)',
    );
    expect(rule.evaluate(fixture('non-compliant-missing-tag'), defaults).message).toBe(
      'DB instance reporting (db-A2B3C4D5E6F7G2H3J4K5L6M7N2): missing required tag CostCenter',
    );
    expect(rule.evaluate(fixture('non-compliant-tag-case-differs'), defaults).evidence?.missingTags).toEqual(['Owner']);
  });

  it('compliant: encrypted with the key recorded, and both tags (also from configuration.tagList)', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toMatchObject({
      status: 'COMPLIANT',
      message:
        'DB instance analytics-replica (db-K3QZ7M2XAPLW5R4T6Y8U2I3O4P) has encrypted storage and carries Owner, CostCenter',
    });
    expect(rule.evaluate(fixture('compliant-tags-in-configuration-only'), defaults).status).toBe('COMPLIANT');
  });

  it('parameters: other tags, encryption not required', () => {
    const params = rule.parameters.parse({ requiredTags: ['Team'], requireStorageEncryption: false });
    expect(rule.evaluate(fixture('compliant-custom-parameters'), params).message).toBe(
      'DB instance scratch (db-Z2X3C4V5B6N7M2A3S4D5F6G7H2) is not required to encrypt storage and carries Team',
    );
  });

  it('a missing storageEncrypted or unreadable tags is an error; deleting is not applicable', () => {
    expect(() => rule.evaluate(fixture('error-storage-encryption-not-recorded'), defaults)).toThrow(
      UnknownPropertyError,
    );
    const unreadable = { ...fixture('compliant'), unknown: { tags: 'AccessDenied' } };
    expect(() => rule.evaluate(unreadable, defaults)).toThrow('tags could not be read (AccessDenied)');
    expect(rule.evaluate(fixture('not-applicable-deleting'), defaults).status).toBe('NOT_APPLICABLE');
  });

  it('iacHint points at StorageEncrypted when unencrypted, else at Tags', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'StorageEncrypted',
      terraform: 'storage_encrypted = true; tags = { Owner = "…", CostCenter = "…" }',
    });
    expect(rule.iacHint(fixture('non-compliant-missing-tag'), defaults)).toMatchObject({
      propertyPath: 'Tags',
      suggestedChange: 'add tags CostCenter',
    });
  });
});
