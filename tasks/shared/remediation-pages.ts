/**
 * An account's REMEDIATE findings never travel as one list: `Check exemptions` stores them in S3
 * as pages, grouped by region, and the sweep works through each region's pages one after another
 * (`For each region` → `For each page`), a few remediations at a time per account-region. Each page
 * and its outcomes stay far below Step Functions' 256 KiB payload, whatever the account holds.
 */
import type { Finding } from './model';
import { artifactKeys, type ObjectStore } from './object-store';

/** Findings per page: about 3 KiB each in the state payload, and as many outcomes of about 1.5 KiB. */
const PAGE_FINDINGS = 20;
/** A page's own size cap (a finding with a long message or plan): well under the 256 KiB payload. */
const PAGE_MAX_BYTES = 96 * 1024;

/** One region's remediations of an account: what `For each region` iterates. */
interface RegionRemediations {
  readonly region: string;
  readonly count: number;
  /** Keys of the pages, in order. */
  readonly pages: string[];
}

/** Splits findings into pages of at most `PAGE_FINDINGS` findings and `PAGE_MAX_BYTES` bytes. */
function paginate(findings: readonly Finding[]): Finding[][] {
  const pages: Finding[][] = [];
  let page: Finding[] = [];
  let bytes = 2;
  for (const f of findings) {
    const size = Buffer.byteLength(JSON.stringify(f), 'utf8') + 1;
    if (page.length > 0 && (page.length >= PAGE_FINDINGS || bytes + size > PAGE_MAX_BYTES)) {
      pages.push(page);
      page = [];
      bytes = 2;
    }
    page.push(f);
    bytes += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** Stores the findings to remediate as pages by region (regions sorted); returns what the states iterate. */
async function storeRemediationPages(
  store: ObjectStore,
  sweepId: string,
  accountId: string,
  findings: readonly Finding[],
): Promise<RegionRemediations[]> {
  const byRegion = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRegion.get(f.region);
    if (list === undefined) byRegion.set(f.region, [f]);
    else list.push(f);
  }
  const out: RegionRemediations[] = [];
  for (const region of [...byRegion.keys()].sort()) {
    const regionFindings = byRegion.get(region) ?? [];
    const pages: string[] = [];
    for (const [i, page] of paginate(regionFindings).entries()) {
      const key = artifactKeys.remediationPage(sweepId, accountId, region, i);
      await store.putJson(key, page);
      pages.push(key);
    }
    out.push({ region, count: regionFindings.length, pages });
  }
  return out;
}

export type { RegionRemediations };
export { PAGE_FINDINGS, PAGE_MAX_BYTES, paginate, storeRemediationPages };
