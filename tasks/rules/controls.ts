/**
 * What every rule (resource or event rule) says about itself for the catalogue (`warden rules`, the
 * README's rule table): the benchmark controls it implements and why it exists. One declaration for
 * both rule kinds, so the catalogue and its conformance test (`test/tasks/rules/conformance.test.ts`)
 * read them the same way.
 */

/**
 * A benchmark control, as auditors name it: `FSBP <id>` = a control of AWS Security Hub's AWS
 * Foundational Security Best Practices standard, by its Security Hub control id (`FSBP S3.8`);
 * `CIS <id>` = a recommendation of the CIS AWS Foundations Benchmark v3.0.0 (`CIS 2.1.4`).
 */
type ControlId = `FSBP ${string}` | `CIS ${string}`;

interface RuleCatalogueEntry {
  /**
   * The controls the rule implements: what it finds non-compliant is what the control fails. `[]` when
   * no FSBP or CIS control fits; `controlsNote` then says why.
   */
  readonly controls: readonly ControlId[];
  /**
   * Required when `controls` is empty (why no control fits); otherwise where the rule differs from
   * the controls it names (stricter, broader, parameters that change the match).
   */
  readonly controlsNote?: string;
  /**
   * FSBP controls this rule implements only in part, on purpose, with another rule doing the rest:
   * the control id → what this rule's part is. A FSBP id may appear in two rules only when both say so.
   */
  readonly splitControls?: Readonly<Partial<Record<ControlId, string>>>;
  /** One paragraph: the risk the rule guards against and why its default mode is what it is. */
  readonly rationale: string;
}

/**
 * Whether a remediation changes no behaviour a workload relies on (`safe`) or may break one
 * (`disruptive`: it never defaults to `remediate`).
 */
type RemediationRisk = 'safe' | 'disruptive';

export type { ControlId, RemediationRisk, RuleCatalogueEntry };
