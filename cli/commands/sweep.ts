/**
 * `warden sweep`: one sweep through the synthesized SweepStateMachine, run locally.
 * Without `--snapshot` it audits the bundled sample estate (examples/estate).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '../../infra/constructs/task-function';
import { tableSchemas } from '../../local/extract';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { readSnapshot } from '../../local/snapshot';
import { openStateStore } from '../../local/state-store';
import { workflows } from '../../local/workflows';
import { scanAll } from '../../tasks/shared/dynamo';
import { MODES, type Mode } from '../../tasks/shared/model';
import { CliError } from '../errors';
import { readAccountsFile, readExemptionsFile } from '../files';
import { jsonReport } from '../json-report';
import { renderSummary } from '../render';

const ESTATE = join(REPO_ROOT, 'examples/estate');

interface SweepFlags {
  readonly snapshot?: string;
  readonly accounts?: string;
  readonly exemptions?: string;
  readonly mode?: string;
  readonly rules?: string;
  readonly report?: string;
  readonly json?: boolean;
  readonly 'dry-run'?: boolean;
}

async function sweepCommand(flags: SweepFlags, io: { stdout: (s: string) => void }): Promise<number> {
  if (flags.mode !== undefined && !MODES.includes(flags.mode as Mode)) {
    throw new CliError(`--mode must be one of ${MODES.join(', ')}, not "${flags.mode}"`);
  }
  const bundled = flags.snapshot === undefined;
  const snapshotDir = flags.snapshot ?? join(ESTATE, 'snapshot');
  const accountsFile = flags.accounts ?? (bundled ? join(ESTATE, 'accounts.json') : undefined);
  const exemptionsFile = flags.exemptions ?? (bundled ? join(ESTATE, 'exemptions.json') : undefined);

  const snapshot = await readSnapshot(snapshotDir);
  const accounts = accountsFile === undefined ? undefined : await readAccountsFile(accountsFile);
  const exemptions = exemptionsFile === undefined ? undefined : await readExemptionsFile(exemptionsFile);
  const rules = flags.rules
    ?.split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');

  const request = {
    trigger: 'warden sweep (local)',
    ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
    ...(rules !== undefined && rules.length > 0 ? { rules } : {}),
    // Local runs never send a remediation; dryRun makes the execution say so too.
    dryRun: true,
  };
  // Exemptions added with `warden exempt add` live in the embedded store; the sweep's ledger goes back there.
  const store = await openStateStore(tableSchemas(workflows().template));
  let result: LocalSweepResult;
  try {
    const stored = await scanAll(store.documents, store.tables.exemptions);
    result = await runLocalSweep({
      items: snapshot.items,
      ...(accounts !== undefined ? { accounts } : {}),
      exemptions: [...(exemptions ?? []), ...stored],
      request,
    });
    for (const record of result.ledger) {
      await store.documents.send(new PutCommand({ TableName: store.tables.ledger, Item: record }));
    }
  } finally {
    await store.close();
  }
  if (result.report === undefined || result.markdown === undefined) {
    throw new CliError(`the sweep could not run: ${result.execution.error}: ${result.execution.cause}`);
  }
  const json = jsonReport(result.execution, result.report);
  if (flags.report !== undefined) {
    const dir = resolve(flags.report);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(json, null, 2)}\n`);
    await writeFile(join(dir, 'report.md'), result.markdown);
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const source = `${relative(process.cwd(), snapshotDir) || '.'} (${snapshot.items.length} configuration items in ${snapshot.files.length} files)`;
    io.stdout(renderSummary({ ...result, report: result.report }, source));
    if (flags.report !== undefined) io.stdout(`Report written to ${join(flags.report, 'report.json')} and report.md\n`);
  }
  return 0;
}

export type { SweepFlags };
export { sweepCommand };
