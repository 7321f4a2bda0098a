import { describe, expect, it } from 'vitest';
import { evaluationMetrics, remediationMetrics, sweepMetrics } from '../../../tasks/shared/metrics';

describe('evaluationMetrics', () => {
  it('counts resources, NON_COMPLIANT findings by rule and severity (zeros kept) and ERRORs by rule', () => {
    const points = evaluationMetrics(
      {
        resourcesEvaluated: 42,
        counts: {
          's3-bucket-encryption': { NON_COMPLIANT: 3, ERROR: 1 },
          'ec2-instance-required-tags': { NON_COMPLIANT: 0, ERROR: 0 },
        },
      },
      (id) => (id === 's3-bucket-encryption' ? 'HIGH' : 'LOW'),
    );
    expect(points).toEqual([
      { name: 'ResourcesEvaluated', value: 42 },
      { name: 'Findings', value: 0, dimensions: { RuleId: 'ec2-instance-required-tags', Severity: 'LOW' } },
      { name: 'EvaluationErrors', value: 0, dimensions: { RuleId: 'ec2-instance-required-tags' } },
      { name: 'Findings', value: 3, dimensions: { RuleId: 's3-bucket-encryption', Severity: 'HIGH' } },
      { name: 'EvaluationErrors', value: 1, dimensions: { RuleId: 's3-bucket-encryption' } },
    ]);
  });

  it('reports a rule missing from the registry as INFORMATIONAL rather than dropping it', () => {
    const points = evaluationMetrics(
      { resourcesEvaluated: 1, counts: { gone: { NON_COMPLIANT: 2 } } },
      () => undefined,
    );
    expect(points[1]).toEqual({
      name: 'Findings',
      value: 2,
      dimensions: { RuleId: 'gone', Severity: 'INFORMATIONAL' },
    });
  });
});

describe('remediationMetrics', () => {
  it.each(['SUCCEEDED', 'FAILED', 'PLANNED', 'SKIPPED_LOOP', 'SKIPPED_CAP'])('counts one %s remediation', (outcome) => {
    expect(remediationMetrics({ remediation: { outcome } })).toEqual([
      { name: 'Remediations', value: 1, dimensions: { Outcome: outcome } },
    ]);
  });

  it('emits nothing for an output without a known outcome', () => {
    expect(remediationMetrics({})).toEqual([]);
    expect(remediationMetrics({ remediation: { outcome: 'NOT_ATTEMPTED' } })).toEqual([]);
  });
});

describe('sweepMetrics', () => {
  it('counts the sweep and its unreachable and failed accounts', () => {
    expect(
      sweepMetrics({
        accounts: [{ status: 'OK' }, { status: 'UNREACHABLE' }, { status: 'UNREACHABLE' }, { status: 'FAILED' }],
      }),
    ).toEqual([
      { name: 'Sweeps', value: 1 },
      { name: 'AccountsUnreachable', value: 2 },
      { name: 'AccountsFailed', value: 1 },
    ]);
  });

  it('still counts the sweep when the input has no accounts', () => {
    expect(sweepMetrics(null)).toEqual([
      { name: 'Sweeps', value: 1 },
      { name: 'AccountsUnreachable', value: 0 },
      { name: 'AccountsFailed', value: 0 },
    ]);
  });
});
