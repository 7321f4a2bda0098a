/** `warden rules [--json]` as a user runs it: the catalogue as a table, or as one stable JSON array. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import { ruleCatalogue } from '../../tasks/rules/catalogue';

async function warden(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('warden rules', () => {
  it('--json: exactly one JSON array, every rule with its documented keys', async () => {
    const { code, stdout, stderr } = await warden('rules', '--json');
    expect([code, stderr]).toEqual([0, '']);
    const rules = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rules).toEqual(JSON.parse(JSON.stringify(ruleCatalogue())));
    for (const rule of rules)
      expect(Object.keys(rule)).toEqual([
        'id',
        'kind',
        'title',
        'resourceTypes',
        'triggers',
        'controls',
        'controlsNote',
        'severity',
        'defaultMode',
        'parameters',
        'remediation',
        'rationale',
      ]);
    expect(rules.find((r) => r.id === 's3-bucket-encryption')).toMatchObject({
      kind: 'resource',
      severity: 'HIGH',
      defaultMode: 'remediate',
      remediation: { risk: 'safe', operations: ['s3:PutBucketEncryption'] },
    });
    expect(rules.filter((r) => r.kind === 'event').length).toBeGreaterThanOrEqual(10);
  });

  it('text: a count, one table row per rule with its controls and remediation, then the parameters', async () => {
    const { code, stdout } = await warden('rules');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const resource = ruleCatalogue().filter((e) => e.kind === 'resource').length;
    const events = ruleCatalogue().length - resource;
    expect(lines[0]).toBe(`${resource + events} rules: ${resource} resource rules, ${events} event rules`);
    expect(lines[2]).toMatch(/^RULE\s+KIND\s+SEVERITY\s+MODE\s+CONTROLS\s+REMEDIATION$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ec2-security-group-open-ingress\s+resource\s+HIGH\s+notify\s+FSBP EC2\.18, CIS 5\.2, CIS 5\.3\s+ec2:RevokeSecurityGroupIngress \(disruptive\)$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^root-sign-in\s+event\s+HIGH\s+notify\s+CIS 4\.3\s+—$/));
    expect(stdout).toContain('    minFreeRatio: number = 0.1\n');
    expect(stdout).toContain('    remediationKmsKeyId: string = (none)\n');
  });

  it('is listed by warden --help, and an unknown flag is a one-line usage error', async () => {
    expect((await warden('--help')).stdout).toMatch(/^ {2}rules\s+The rule catalogue/m);
    const bad = await warden('rules', '--yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`warden: unknown option '--yaml' (see "warden rules --help")\n`);
  });
});
