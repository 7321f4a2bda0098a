import { describe, expect, it } from 'vitest';
import { renderRuleTable, ruleCatalogue } from '../../../tasks/rules/catalogue';
import { EVENT_RULES } from '../../../tasks/rules/events/index';
import { RULES } from '../../../tasks/rules/index';

const catalogue = ruleCatalogue();
const entry = (id: string) => catalogue.find((e) => e.id === id);

describe('the rule catalogue', () => {
  it('holds every registered rule once: resource rules, then event rules, each by id', () => {
    expect(catalogue.map((e) => e.id)).toEqual([
      ...RULES.map((r) => r.id as string).sort(),
      ...EVENT_RULES.map((r) => r.id as string).sort(),
    ]);
    expect(catalogue.filter((e) => e.kind === 'event').length).toBeGreaterThanOrEqual(10);
  });

  it('reads parameters from the zod schema: names, types and the defaults parse({}) fills in', () => {
    expect(entry('s3-bucket-encryption')?.parameters).toEqual([
      {
        name: 'allowedAlgorithms',
        type: '("AES256" | "aws:kms" | "aws:kms:dsse")[]',
        default: ['AES256', 'aws:kms', 'aws:kms:dsse'],
      },
      { name: 'allowedKmsKeys', type: 'string[]', default: [] },
      { name: 'remediationAlgorithm', type: '"AES256" | "aws:kms" | "aws:kms:dsse"', default: 'AES256' },
      { name: 'remediationKmsKeyId', type: 'string', default: null },
      { name: 'bucketKeyEnabled', type: 'boolean', default: true },
    ]);
    expect(entry('vpc-subnet-ip-exhaustion')?.parameters).toEqual([
      { name: 'minFreeRatio', type: 'number', default: 0.1 },
    ]);
    expect(entry('vpc-created')?.parameters).toEqual([]);
  });

  it('says how a rule remediates (operations, risk) or that it does not, and what triggers it', () => {
    expect(entry('ec2-security-group-open-ingress')).toMatchObject({
      kind: 'resource',
      resourceTypes: ['AWS::EC2::SecurityGroup'],
      controls: ['FSBP EC2.18', 'CIS 5.2', 'CIS 5.3'],
      defaultMode: 'notify',
      remediation: { risk: 'disruptive', operations: ['ec2:RevokeSecurityGroupIngress'] },
      triggers: [
        'sweep',
        'config change',
        'aws.ec2 AuthorizeSecurityGroupIngress, CreateSecurityGroup, ModifySecurityGroupRules',
      ],
    });
    expect(entry('root-sign-in')).toMatchObject({
      kind: 'event',
      resourceTypes: [],
      remediation: null,
      triggers: ['console sign-in'],
      controls: ['CIS 4.3'],
      controlsNote: expect.stringContaining('CloudWatch.1'),
    });
  });

  it('renders one Markdown row per rule', () => {
    const table = renderRuleTable(catalogue).split('\n');
    expect(table).toHaveLength(catalogue.length + 2);
    expect(table).toContain(
      '| `s3-bucket-public-access-block` | resource | `AWS::S3::Bucket` | FSBP S3.8, CIS 2.1.4 | HIGH | remediate | `s3:PutPublicAccessBlock` (disruptive) |',
    );
  });
});
