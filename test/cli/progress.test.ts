/**
 * The progress line's counts (`cli/progress.ts`) against the final summary of the same sweep: each
 * account's resources and findings are counted once, however many states pass them on.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAccountsFile, readExemptionsFile } from '../../cli/files';
import { fromEngineEvent } from '../../cli/history';
import { SweepProgress } from '../../cli/progress';
import { runLocalSweep } from '../../local/run-sweep';
import { readSnapshot } from '../../local/snapshot';
import { workflows } from '../../local/workflows';

const ESTATE = 'examples/estate';

describe('the progress of a sweep', () => {
  it('ends at the final summary’s accounts, resources and findings on the sample estate', async () => {
    const wf = workflows();
    const snapshot = await readSnapshot(join(ESTATE, 'snapshot'));
    const progress = new SweepProgress(wf.sweep.definition);
    const result = await runLocalSweep({
      items: snapshot.items,
      accounts: await readAccountsFile(join(ESTATE, 'accounts.json')),
      exemptions: await readExemptionsFile(join(ESTATE, 'exemptions.json')),
      request: { dryRun: true },
      workflows: wf,
      onEvent: (event) => {
        const e = fromEngineEvent(event);
        if (e !== undefined) progress.add(e);
      },
    });
    const report = result.report;
    expect(report?.resourcesEvaluated).toBeGreaterThan(0);
    expect(progress.snapshot()).toMatchObject({
      accountsDone: report?.accounts.length,
      accountsTotal: report?.accounts.length,
      resourcesEvaluated: report?.resourcesEvaluated,
      findings: report?.findings.length,
    });
  });
});
