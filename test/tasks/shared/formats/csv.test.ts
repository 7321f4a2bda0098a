/** Findings as RFC 4180 CSV: the auditor's columns, quoting that parses back, and no spreadsheet formula from untrusted text. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, defused, toCsv } from '../../../../tasks/shared/formats/csv';
import { bucketFinding, context, signInDetection } from '../../../support/formats';

describe('CSV', () => {
  it('writes a header and one row per finding, with the columns an auditor expects', () => {
    const csv = toCsv([bucketFinding({ decision: 'EXEMPT', exemptionId: 'ex-legacy' }), signInDetection()], context());
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      account: '111111111111',
      alias: 'payments-prod',
      region: 'eu-west-1',
      resource: 'arn:aws:s3:::payments-exports',
      resourceType: 'AWS::S3::Bucket',
      rule: 's3-bucket-encryption',
      controls: 'FSBP S3.4; CIS 2.1.1',
      severity: 'HIGH',
      status: 'NON_COMPLIANT',
      decision: 'EXEMPT',
      exemption: 'ex-legacy',
      exemptionReason: 'Read-only archive, deleted in 2030',
    });
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and line breaks so that the text parses back unchanged', () => {
    const message = 'has "owner", not "Owner",\nand\r\nmore';
    const rows = parse(toCsv([bucketFinding({ message })], context()), { columns: true }) as Record<string, string>[];
    expect(rows[0]?.message).toBe(message);
  });

  it('defuses a cell a spreadsheet would run as a formula', () => {
    for (const cell of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(defused(cell)).toBe(`'${cell}`);
    expect(defused('arn:aws:s3:::bucket')).toBe('arn:aws:s3:::bucket');
    const rows = parse(toCsv([bucketFinding({ resourceId: '=cmd|/C calc!A0', message: '@evil' })], context()), {
      columns: true,
    }) as Record<string, string>[];
    expect(rows[0]?.resourceId).toBe("'=cmd|/C calc!A0");
    expect(rows[0]?.message).toBe("'@evil");
  });
});
