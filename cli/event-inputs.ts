/**
 * What `warden event` and `warden trail` run against: the snapshot the event path's reads come from
 * (the bundled estate unless `--snapshot`), the accounts and exemptions beside it or named by flag
 * (as for `warden sweep`, `sweepInput`), and the watch list; and, after the run, every exemption
 * problem once — the items the embedded table could not store first, then the ones the rules refuse.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/constructs/task-function';
import { readSnapshot } from '../local/snapshot';
import { KNOWN_RULE_IDS } from '../tasks/rules/settings';
import { parseExemptions } from '../tasks/shared/exemptions';
import type { ConfigurationItem, ExemptionProblem } from '../tasks/shared/model';
import { sweepInput } from './estate';
import { readAccountsFile, readExemptionsFile, readWatchListFile } from './files';

/** The bundled sample estate: what a local command runs on without `--snapshot`. */
const ESTATE = join(REPO_ROOT, 'examples/estate');

interface EventInputFlags {
  readonly snapshot?: string;
  readonly accounts?: string;
  readonly exemptions?: string;
  readonly watchList?: string;
}

interface EventInputs {
  /** The snapshot folder read (named in the text output). */
  readonly snapshotDir: string;
  /** What the local event runner takes (`runLocalEvents`, `runLocalTrail`). */
  readonly run: {
    readonly items: readonly ConfigurationItem[];
    readonly accounts?: Record<string, unknown>[];
    readonly exemptions?: unknown[];
    readonly watchList?: Record<string, unknown>[];
  };
}

async function readEventInputs(flags: EventInputFlags): Promise<EventInputs> {
  const { snapshotDir, accountsFile, exemptionsFile } = sweepInput(flags.snapshot ?? join(ESTATE, 'snapshot'), flags);
  const snapshot = await readSnapshot(snapshotDir);
  const accounts = accountsFile === undefined ? undefined : await readAccountsFile(accountsFile);
  const exemptions = exemptionsFile === undefined ? undefined : await readExemptionsFile(exemptionsFile);
  const watchList = flags.watchList === undefined ? undefined : await readWatchListFile(flags.watchList);
  return {
    snapshotDir,
    run: {
      items: snapshot.items,
      ...(accounts === undefined ? {} : { accounts }),
      ...(exemptions === undefined ? {} : { exemptions }),
      ...(watchList === undefined ? {} : { watchList }),
    },
  };
}

/** Every problem of the exemption items, each once: those the table could not store, then the rest. */
function exemptionProblems(
  exemptions: readonly unknown[] | undefined,
  unstorable: readonly ExemptionProblem[],
): ExemptionProblem[] {
  return [
    ...unstorable,
    ...parseExemptions(exemptions ?? [], KNOWN_RULE_IDS).problems.filter(
      (p) => !unstorable.some((u) => u.exemptionId === p.exemptionId),
    ),
  ];
}

export type { EventInputs };
export { ESTATE, exemptionProblems, readEventInputs };
