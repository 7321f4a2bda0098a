/**
 * A rule's benchmark controls (`FSBP S3.8`, `CIS 2.1.4`, see tasks/rules/controls.ts) as the export
 * formats name them: the standard's full name, the control's own id, and Security Hub's finding
 * types for the standard.
 */

/** The standards Warden's control ids refer to, by prefix. */
const STANDARD_NAMES = {
  FSBP: 'AWS Foundational Security Best Practices v1.0.0',
  CIS: 'CIS AWS Foundations Benchmark v3.0.0',
} as const;

/** ASFF `Types` (namespace/category/classifier) of a finding against each standard. */
const ASFF_STANDARD_TYPES = {
  FSBP: 'Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices',
  CIS: 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
} as const;

type Standard = keyof typeof STANDARD_NAMES;

interface Control {
  readonly standard: Standard;
  /** The id within the standard: `S3.8`, `2.1.4`. */
  readonly id: string;
}

interface Controls {
  readonly list: readonly Control[];
  /** The control that names the finding: the first FSBP one (Security Hub's control ids), else the first. */
  readonly primary?: string;
  /** The standards' full names, each once. */
  readonly standards: readonly string[];
}

function parseControl(text: string): Control | undefined {
  const match = /^(FSBP|CIS) (\S+)$/.exec(text);
  return match === null ? undefined : { standard: match[1] as Standard, id: match[2] as string };
}

function controlsOf(ids: readonly string[]): Controls {
  const list = ids.map(parseControl).filter((c): c is Control => c !== undefined);
  const primary = list.find((c) => c.standard === 'FSBP') ?? list[0];
  return {
    list,
    ...(primary === undefined ? {} : { primary: primary.id }),
    standards: [...new Set(list.map((c) => STANDARD_NAMES[c.standard]))],
  };
}

export type { Control, Controls, Standard };
export { ASFF_STANDARD_TYPES, controlsOf, STANDARD_NAMES };
