import { type Command, Option } from 'commander';
import { runLocalTrail, type TrailProgress } from '../../local/trail/run-trail';
import type { EventWorkflows } from '../../local/workflows';
import { InvalidEventPatternError } from '../../tasks/shared/events/pattern';
import { CliError } from '../errors';
import { exemptionProblems, readEventInputs } from '../event-inputs';
import type { CliContext, CliIo } from '../io';
import { examples, jsonOption } from '../options';
import { progressBar } from '../progress';
import { trailFiles } from '../trail/files';
import { renderTrail, trailJsonReport, trailProgressLine } from '../trail/render';

interface TrailFlags {
  readonly since?: string;
  readonly until?: string;
  readonly snapshot?: string;
  readonly accounts?: string;
  readonly exemptions?: string;
  readonly watchList?: string;
  readonly json?: boolean;
  readonly format?: 'json';
}

interface TrailCommandDeps {
  /** @default the repository's own cdk.json, synthesized */
  readonly workflows?: EventWorkflows;
  readonly now?: () => Date;
}

/** An ISO-8601 time (a date alone is its midnight UTC); `flag` names the flag in the error. */
function timeFlag(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new CliError(`${flag} takes an ISO-8601 time such as 2026-11-21T06:00:00Z, not "${value}"`, {
      usage: 'trail',
    });
  }
  return new Date(ms);
}

async function trailCommand(
  paths: readonly string[],
  flags: TrailFlags,
  io: CliIo,
  deps: TrailCommandDeps = {},
): Promise<number> {
  if (paths.length === 0) {
    throw new CliError('a FILE or DIR of CloudTrail log files is needed', { usage: 'trail' });
  }
  const since = timeFlag(flags.since, '--since');
  const until = timeFlag(flags.until, '--until');
  if (since !== undefined && until !== undefined && since >= until) {
    throw new CliError('--since must be before --until', { usage: 'trail' });
  }
  const files = await trailFiles(paths);
  if (files.logFiles.length === 0) {
    throw new CliError(
      `no CloudTrail log files (*.json, *.json.gz) in ${paths.join(', ')} (${files.digestFiles.length} digest and ${files.otherFiles.length} other files)`,
    );
  }
  const { run } = await readEventInputs(flags);
  const json = flags.json === true || flags.format === 'json';

  const bar = progressBar<TrailProgress>(io, json, 100, trailProgressLine);
  let digest: Awaited<ReturnType<typeof runLocalTrail>>;
  try {
    digest = await runLocalTrail(files.logFiles, {
      ...run,
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(deps.workflows === undefined ? {} : { workflows: deps.workflows }),
      ...(deps.now === undefined ? {} : { now: deps.now }),
      onProgress: (p) => bar.update(p),
    });
  } catch (error) {
    if (error instanceof InvalidEventPatternError) throw new CliError(`a trigger rule's pattern: ${error.message}`);
    throw error;
  } finally {
    bar.done();
  }
  if (digest.counts.files === 0) {
    for (const u of digest.unreadableFiles) io.stderr(`warden: ${u.error}\n`);
    throw new CliError(`none of the ${files.logFiles.length} log files could be read`);
  }
  const report = {
    digest,
    files,
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    exemptionProblems: exemptionProblems(run.exemptions, digest.unstorableExemptions),
  };
  io.stdout(json ? `${JSON.stringify(trailJsonReport(report), null, 2)}\n` : renderTrail(report));
  for (const u of digest.unreadableFiles) io.stderr(`warden: skipped ${u.error}\n`);
  for (const p of digest.problems) {
    io.stderr(
      `warden: ${p.outcome === 'REJECTED' ? 'a record was rejected' : 'an execution failed'} (${p.eventName || 'no eventName'} ${p.eventId || 'no eventID'} in ${p.file}): ${p.reason}\n`,
    );
  }
  return digest.unreadableFiles.length > 0 || digest.problems.length > 0 ? 1 : 0;
}

/** `warden trail FILE|DIR…` and its options. */
function register(program: Command, cli: CliContext): void {
  const trail = program
    .command('trail')
    .summary('Replay CloudTrail log files through the EventStateMachine, locally')
    .description(
      'CloudTrail log files ({"Records": [...]}, .json or .json.gz, as a trail delivers them to S3; folders are searched, digest files skipped) replayed through the synthesized EventStateMachine, locally. Only the records a deployed trigger rule would match are run; prints per rule and account the notifications that would have gone out and the remediations that would have been planned. Exit 1 when a record is rejected or a file cannot be read.',
    )
    .argument('[paths...]', 'CloudTrail log files, or folders of them (e.g. an AWSLogs/ tree)')
    .option('--since <time>', 'only records at or after this ISO-8601 time')
    .option('--until <time>', 'only records before this ISO-8601 time')
    .option('--snapshot <dir>', 'current state of the resources the records name (default: the bundled estate)')
    .option('--accounts <file>', 'JSON array of accounts')
    .option('--exemptions <file>', 'JSON array of exemption items')
    .option('--watch-list <file>', 'JSON array of {"eventSource", "eventName", "severity", "note"}')
    .addOption(jsonOption())
    .addOption(new Option('--format <format>', 'output format (json: the same as --json)').choices(['json']))
    .addHelpText(
      'after',
      examples(
        'warden trail ./AWSLogs                                   # every log file under it',
        'warden trail ./AWSLogs --since 2026-11-21T06:00:00Z --until 2026-11-21T12:00:00Z',
        'warden trail 111111111111_CloudTrail_us-east-1_20261121T0000Z_abc.json.gz --json',
      ),
    )
    .action(async (paths: string[]) => {
      cli.exit(await trailCommand(paths, trail.opts<TrailFlags>(), cli.io));
    });
}

export type { TrailCommandDeps, TrailFlags };
export { register, trailCommand };
