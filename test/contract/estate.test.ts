/**
 * Contract: the bundled sample estate (examples/estate) is exactly what its generator writes, is in the
 * shape Config delivers snapshot files, holds every case the rules and exemptions rely on, and every
 * expectation its README states is what the rule really says.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_GROUP_NAME, ADMIN_GROUP_TAG, estateCases, generateEstate } from '../../examples/estate/generate';
import { readSnapshot } from '../../local/snapshot';
import { createEvaluationContexts } from '../../tasks/rules/context';
import { RULES, resolveRuleParameters } from '../../tasks/rules/index';
import type { Rule } from '../../tasks/rules/rule';
import type { ConfigurationItem, EvaluationStatus } from '../../tasks/shared/model';

const ESTATE = resolve(process.cwd(), 'examples/estate');

type Raw = Record<string, unknown>;

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function decoded(path: string, bytes: Buffer): string {
  return path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

/** DESIGN §4.2 resource glob: anchored, `*` matches any run of characters, nothing else is special. */
function globMatches(glob: string, arn: string): boolean {
  const pattern = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(arn);
}

function sse(ci: ConfigurationItem): { sseAlgorithm: string; kmsMasterKeyID: string | null } | undefined {
  const config = ci.supplementaryConfiguration.ServerSideEncryptionConfiguration as
    | { rules: { applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyID: string | null } }[] }
    | undefined;
  return config?.rules[0]?.applyServerSideEncryptionByDefault;
}

describe('contract: examples/estate matches its generator', () => {
  it('every generated file is in the tree with the same content, and the snapshot tree holds nothing else', () => {
    const generated = generateEstate();
    for (const file of generated) {
      const onDisk = readFileSync(join(ESTATE, ...file.path.split('/')));
      // gzip bytes may differ between zlib versions; the JSON inside may not.
      expect(decoded(file.path, onDisk), file.path).toBe(decoded(file.path, file.content));
    }
    const snapshotOnDisk = listFiles(join(ESTATE, 'snapshot'))
      .map((f) => relative(ESTATE, f).split(/[\\/]/).join('/'))
      .sort();
    const snapshotGenerated = generated
      .map((f) => f.path)
      .filter((p) => p.startsWith('snapshot/'))
      .sort();
    expect(snapshotOnDisk).toEqual(snapshotGenerated);
  });

  it('is deterministic', () => {
    const a = generateEstate();
    const b = generateEstate();
    expect(a.map((f) => [f.path, f.content.toString('base64')])).toEqual(
      b.map((f) => [f.path, f.content.toString('base64')]),
    );
  });
});

describe('contract: snapshot files have the shape Config delivers', () => {
  const files = generateEstate().filter((f) => f.path.startsWith('snapshot/'));

  it.each(files.map((f) => [f.path, f] as const))('%s', (path, file) => {
    const match =
      /^snapshot\/AWSLogs\/(\d{12})\/Config\/([a-z0-9-]+)\/(\d{4})\/(\d{1,2})\/(\d{1,2})\/ConfigSnapshot\/\1_Config_\2_ConfigSnapshot_(\d{8}T\d{6}Z)_([0-9a-f-]{36})\.json(\.gz)?$/.exec(
        path,
      );
    expect(match, path).not.toBeNull();
    const [, account, region, , , , , snapshotId] = match ?? [];
    const body = JSON.parse(decoded(path, file.content)) as {
      fileVersion: string;
      configSnapshotId: string;
      configurationItems: Raw[];
    };
    expect(Object.keys(body)).toEqual(['fileVersion', 'configSnapshotId', 'configurationItems']);
    expect(body.fileVersion).toBe('1.0');
    expect(body.configSnapshotId).toBe(snapshotId);
    for (const item of body.configurationItems) {
      expect(item.configurationItemVersion).toBe('1.3');
      expect(item.awsAccountId).toBe(account);
      // Items of global services and account-wide settings say `global`, delivered with one region's snapshot.
      expect(item.awsRegion === 'global' ? 'us-east-1' : item.awsRegion).toBe(region);
      expect(item).not.toHaveProperty('accountId');
      expect(item).not.toHaveProperty('arn');
      if (item.resourceType === 'AWS::S3::AccountPublicAccessBlock') expect(item).not.toHaveProperty('ARN');
      else expect(String(item.ARN)).toMatch(/^arn:aws:/);
      expect(item.configurationStateId).toBe(Date.parse(String(item.configurationItemCaptureTime)));
      for (const rel of item.relationships as Raw[]) expect(Object.keys(rel)).toContain('name');
    }
  });
});

describe('contract: the estate holds the cases the rules and exemptions rely on', () => {
  let items: ConfigurationItem[];
  const accounts = JSON.parse(readFileSync(join(ESTATE, 'accounts.json'), 'utf8')) as Raw[];
  const exemptions = JSON.parse(readFileSync(join(ESTATE, 'exemptions.json'), 'utf8')) as Raw[];

  beforeAll(async () => {
    items = (await readSnapshot(join(ESTATE, 'snapshot'))).items;
  });

  const buckets = () => items.filter((ci) => ci.resourceType === 'AWS::S3::Bucket');
  const instances = () => items.filter((ci) => ci.resourceType === 'AWS::EC2::Instance');
  const state = (ci: ConfigurationItem) => (ci.configuration.state as { name: string } | undefined)?.name;

  it('accounts.json: three accounts with data and legacy-archive without', () => {
    expect(accounts.map((a) => [a.accountId, a.alias])).toEqual([
      ['111111111111', 'payments-prod'],
      ['222222222222', 'data-platform'],
      ['333333333333', 'sandbox'],
      ['444444444444', 'legacy-archive'],
    ]);
    for (const a of accounts) expect(Object.keys(a)).toEqual(['accountId', 'alias', 'owner', 'ou', 'regions']);
    const withData = new Set(items.map((ci) => ci.accountId));
    expect([...withData].sort()).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(items.length).toBeGreaterThanOrEqual(48);
  });

  it('buckets: no default encryption, AES256, aws:kms with and without key, aws:kms:dsse, deleted', () => {
    const live = buckets().filter((ci) => ci.status !== 'ResourceDeleted');
    expect(live.filter((ci) => sse(ci) === undefined).map((ci) => ci.resourceId)).toEqual([
      'payments-core-artifactsbucket-1x8qk2m4v7zd',
      'payments-prod-exports-2017',
      'legacy-logs-2019',
      'legacy-logs-2020',
      'legacy-logs-2021',
      'x-legacy-logs-1',
    ]);
    const algorithms = live.map((ci) => sse(ci)).filter((s) => s !== undefined);
    expect(algorithms.some((s) => s.sseAlgorithm === 'AES256')).toBe(true);
    expect(algorithms.some((s) => s.sseAlgorithm === 'aws:kms' && /^arn:aws:kms:/.test(String(s.kmsMasterKeyID)))).toBe(
      true,
    );
    expect(algorithms.some((s) => s.sseAlgorithm === 'aws:kms' && s.kmsMasterKeyID === null)).toBe(true);
    expect(algorithms.some((s) => s.sseAlgorithm === 'aws:kms:dsse')).toBe(true);
    expect(
      buckets()
        .filter((ci) => ci.status === 'ResourceDeleted')
        .map((ci) => ci.resourceId),
    ).toEqual(['payments-prod-tmp-uploads']);
  });

  it('a non-compliant bucket carries the CloudFormation tags', () => {
    const cfn = buckets().find((ci) => ci.tags['aws:cloudformation:stack-name'] !== undefined);
    expect(cfn?.tags).toMatchObject({
      'aws:cloudformation:stack-name': 'payments-core',
      'aws:cloudformation:logical-id': 'ArtifactsBucket',
    });
    expect(cfn?.tags['aws:cloudformation:stack-id']).toMatch(
      /^arn:aws:cloudformation:us-east-1:111111111111:stack\/payments-core\/[0-9a-f-]{36}$/,
    );
    expect(cfn === undefined ? 'missing' : sse(cfn)).toBeUndefined();
  });

  it('instances: fully tagged, missing Owner, missing both, `owner`, terminated and stopped untagged', () => {
    const tagged = (ci: ConfigurationItem, key: string) => Object.hasOwn(ci.tags, key);
    const running = instances().filter((ci) => state(ci) === 'running');
    expect(running.some((ci) => tagged(ci, 'Owner') && tagged(ci, 'CostCenter'))).toBe(true);
    expect(running.some((ci) => !tagged(ci, 'Owner') && tagged(ci, 'CostCenter') && !tagged(ci, 'owner'))).toBe(true);
    expect(running.some((ci) => !tagged(ci, 'Owner') && !tagged(ci, 'CostCenter'))).toBe(true);
    expect(running.some((ci) => !tagged(ci, 'Owner') && tagged(ci, 'owner'))).toBe(true);
    const untagged = (ci: ConfigurationItem) => !tagged(ci, 'Owner') && !tagged(ci, 'CostCenter');
    expect(instances().filter((ci) => state(ci) === 'terminated' && untagged(ci))).toHaveLength(1);
    expect(instances().some((ci) => state(ci) === 'stopped' && untagged(ci))).toBe(true);
  });

  it('other rule inputs: open SGs (0.0.0.0/0 and ::/0), volumes, subnets, RDS, account PAB', () => {
    const perms = items
      .filter((ci) => ci.resourceType === 'AWS::EC2::SecurityGroup')
      .flatMap((ci) => ci.configuration.ipPermissions as Raw[]);
    expect(perms.some((p) => (p.ipv4Ranges as Raw[]).some((r) => r.cidrIp === '0.0.0.0/0'))).toBe(true);
    expect(perms.some((p) => (p.ipv6Ranges as Raw[]).some((r) => r.cidrIpv6 === '::/0'))).toBe(true);
    const volumes = items.filter((ci) => ci.resourceType === 'AWS::EC2::Volume');
    expect(new Set(volumes.map((ci) => ci.configuration.encrypted))).toEqual(new Set([true, false]));
    const subnets = items.filter((ci) => ci.resourceType === 'AWS::EC2::Subnet');
    for (const s of subnets) {
      expect(typeof s.configuration.availableIpAddressCount).toBe('number');
      expect(String(s.configuration.cidrBlock)).toMatch(/^10\.\d+\.\d+\.0\/(20|24)$/);
    }
    const rds = items.filter((ci) => ci.resourceType === 'AWS::RDS::DBInstance');
    expect(new Set(rds.map((ci) => ci.configuration.storageEncrypted))).toEqual(new Set([true, false]));
    expect(items.filter((ci) => ci.resourceType === 'AWS::S3::AccountPublicAccessBlock')).toHaveLength(3);
  });

  it('exemptions.json: the four items of DESIGN §4.2 and what they match', () => {
    expect(exemptions.map((e) => [e.exemptionId, e.effect, e.expiresAt])).toEqual([
      ['ex-legacy-logs', 'SUPPRESS', '2030-12-31T00:00:00Z'],
      ['ex-etl-runner-notify-only', 'NOTIFY_ONLY', '2030-12-31T00:00:00Z'],
      ['ex-payments-exports-2017', 'SUPPRESS', '2025-01-01T00:00:00Z'],
      ['ex-sandbox-tags-unapproved', 'SUPPRESS', '2030-12-31T00:00:00Z'],
    ]);
    const required = ['exemptionId', 'ruleId', 'accountId', 'region', 'resource', 'effect', 'reason', 'requestedBy'];
    for (const e of exemptions) for (const key of required) expect(e[key], `${e.exemptionId}.${key}`).toBeTruthy();
    expect(exemptions.filter((e) => e.approvedBy === undefined).map((e) => e.exemptionId)).toEqual([
      'ex-sandbox-tags-unapproved',
    ]);

    const [legacy, notifyOnly, expired] = exemptions;
    const matched = (e: Raw | undefined) =>
      items
        .filter((ci) => ci.accountId === e?.accountId && globMatches(String(e?.resource), ci.arn))
        .map((ci) => ci.resourceId);
    expect(matched(legacy)).toEqual(['legacy-logs-2019', 'legacy-logs-2020', 'legacy-logs-2021']);
    expect(items.some((ci) => ci.arn === 'arn:aws:s3:::x-legacy-logs-1')).toBe(true);
    const etl = instances().find((ci) => ci.tags.Name === 'etl-runner');
    expect(matched(notifyOnly)).toEqual([etl?.resourceId]);
    expect(matched(expired)).toEqual(['payments-prod-exports-2017']);
  });
});

describe('contract: the README expectations are what the rules say', () => {
  let items: ConfigurationItem[];
  let contextOf: ReturnType<typeof createEvaluationContexts>;
  const rules = RULES as readonly Rule<unknown>[];
  const cases = estateCases();
  const STATUS = /^(COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE)\b/;
  const CONFIGURED = /configured: (COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE)\b/;
  const PLANNED = /→ REMEDIATE \(planned (\w+)/;
  const configured: Record<string, unknown> = {
    'ec2-instance-admin-security-group': {
      adminSecurityGroup: { name: ADMIN_GROUP_NAME, tag: { ...ADMIN_GROUP_TAG } },
    },
  };

  beforeAll(async () => {
    items = (await readSnapshot(join(ESTATE, 'snapshot'))).items;
    contextOf = createEvaluationContexts(items);
  });

  function itemOf(c: {
    accountId: string;
    region: string;
    resourceType: string;
    resourceId: string;
  }): ConfigurationItem {
    const ci = items.find(
      (i) =>
        i.accountId === c.accountId &&
        i.region === c.region &&
        i.resourceType === c.resourceType &&
        i.resourceId === c.resourceId,
    );
    if (ci === undefined) throw new Error(`${c.resourceId} not in the snapshot`);
    return ci;
  }

  function check(rule: Rule<unknown>, ci: ConfigurationItem, text: string, overrides: unknown) {
    const expected = (overrides === undefined ? STATUS : CONFIGURED).exec(text)?.[1] as EvaluationStatus | undefined;
    if (expected === undefined) return;
    const params = resolveRuleParameters(rule, overrides ?? {});
    const evaluation = rule.evaluate(ci, params, contextOf(ci));
    expect(evaluation.status, `${rule.id} on ${ci.resourceId}: ${evaluation.message}`).toBe(expected);
    const split = text.indexOf('configured:');
    const part = overrides === undefined ? text.slice(0, split === -1 ? undefined : split) : text.slice(split);
    const planned = PLANNED.exec(part)?.[1];
    if (planned !== undefined) {
      expect(rule.remediation?.plan(ci, params, contextOf(ci)).map((call) => call.operation)).toEqual([planned]);
    }
  }

  it.each(
    cases.filter((c) => Object.keys(c.expect).length > 0).map((c) => [`${c.label} (${c.resourceId})`, c] as const),
  )('%s', (_name, c) => {
    const ci = itemOf(c);
    for (const [ruleId, text] of Object.entries(c.expect)) {
      const rule = rules.find((r) => r.id === ruleId);
      expect(rule, ruleId).toBeDefined();
      if (rule === undefined) continue;
      expect(rule.resourceTypes).toContain(ci.resourceType);
      check(rule, ci, text, undefined);
      if (configured[ruleId] !== undefined) check(rule, ci, text, configured[ruleId]);
    }
  });

  it('shows every rule both compliant and non-compliant on the estate (the admin group rule once configured)', () => {
    // Evaluated, not read from the stated expectations: a rule added to the registry is held to this
    // without anyone writing its expectation on every item of its types (docs/adding-a-rule.md §5).
    for (const rule of rules) {
      const params = resolveRuleParameters(rule, configured[rule.id] ?? {});
      const statuses = new Set(
        items
          .filter((ci) => rule.resourceTypes.includes(ci.resourceType))
          .map((ci) => {
            try {
              return rule.evaluate(ci, params, contextOf(ci)).status;
            } catch {
              return 'ERROR';
            }
          }),
      );
      expect([...statuses].sort(), rule.id).toEqual(expect.arrayContaining(['COMPLIANT', 'NON_COMPLIANT']));
    }
  });
});
