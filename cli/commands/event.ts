/**
 * `warden event FILE`: one EventBridge event (the full envelope) through the synthesized
 * EventStateMachine, run locally. The current state of the resources it names is read from a Config
 * snapshot (`--snapshot DIR`; default: the bundled sample estate, with its accounts and exemptions).
 * FILE holds one event or a JSON array of events; a bare CloudTrail record is wrapped as EventBridge
 * would wrap it (`tasks/shared/events/cloudtrail-record.ts`). Exit code 0 when every event was processed or ignored,
 * each with its reason; 1 when one was rejected (the deployed execution fails for it too), with the
 * reason on stderr; 2 with one line when the file cannot be read as JSON (or a flag is wrong).
 */
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import type { PublishedMessage } from '../../local/bindings';
import { type LocalEventResult, runLocalEvents } from '../../local/run-event';
import type { EventWorkflows } from '../../local/workflows';
import { asEventBridgeEvent } from '../../tasks/shared/events/cloudtrail-record';
import { jsonDepth, MAX_EVENT_DEPTH, TOO_DEEP } from '../../tasks/shared/events/json';
import type { ExemptionProblem, Severity } from '../../tasks/shared/model';
import { CliError } from '../errors';
import { exemptionProblems, readEventInputs } from '../event-inputs';
import { eventFindings, exportContext, type Format, formatOf, formatOption, renderFindings } from '../formats';
import type { CliContext } from '../io';
import { examples, jsonOption } from '../options';
import { renderOutbox } from '../render';
import { gate, severityArgument } from '../selection';

interface EventFlags {
  readonly snapshot?: string;
  readonly accounts?: string;
  readonly exemptions?: string;
  /** A JSON array of WatchList items (`eventSource`, `eventName`, `severity`, `note`). */
  readonly watchList?: string;
  readonly json?: boolean;
  /** What stdout holds (`--json` = `json`); absent: the summary. */
  readonly format?: Format;
  /** Exit 3 when un-exempted findings at or above it remain. */
  readonly failOn?: Severity;
  /** Print (with --json: include as `outbox`) every message of the local outbox. */
  readonly showMessages?: boolean;
}

interface EventCommandDeps {
  /** @default the repository's own cdk.json, synthesized */
  readonly workflows?: EventWorkflows;
  readonly now?: () => Date;
}

async function readEventFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf-8');
  } catch (error) {
    throw new CliError(`cannot read event file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw new CliError(`event file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  // The local engine clones its input recursively: refuse what would overflow it, as the normalizer does.
  if (jsonDepth(event) > MAX_EVENT_DEPTH) throw new CliError(`event file ${file} ${TOO_DEEP}`);
  return event;
}

function attribute(message: PublishedMessage, name: string): string {
  return message.MessageAttributes?.[name]?.StringValue ?? '';
}

/** The `--json` document: DESIGN §4.5's keys, always present, plus `event` (what became of it and why). */
function eventJsonReport(result: LocalEventResult, exemptionProblems: readonly ExemptionProblem[]) {
  const e = result.event ?? {};
  const outcomes = new Map(result.findingOutcomes.map((o) => [o.findingId, o]));
  const current = (result.output as { current?: { unreadable?: boolean; error?: string } } | undefined)?.current;
  return {
    execution: {
      name: result.execution.name,
      status: result.execution.status,
      stateTransitions: result.execution.stateTransitions,
    },
    event: {
      outcome: result.outcome,
      reason: result.reason,
      route: result.route ?? null,
      eventId: e.eventId ?? null,
      detailType: e.detailType ?? null,
      source: e.source ?? null,
      eventName: e.eventName ?? null,
      accountId: e.accountId ?? null,
      alias: result.target?.alias ?? null,
      region: e.region ?? null,
      time: e.time ?? null,
      who: e.originator?.display ?? null,
      sourceIp: e.sourceIp ?? null,
    },
    resourcesEvaluated: result.evaluation?.resourcesEvaluated ?? 0,
    counts: result.evaluation?.counts ?? {},
    accounts:
      result.target === undefined || result.route !== 'RESOURCE'
        ? []
        : [
            {
              accountId: result.target.accountId,
              alias: result.target.alias,
              status: current?.unreadable === true ? 'UNREACHABLE' : 'OK',
              error: current?.unreadable === true ? (current.error ?? null) : null,
            },
          ],
    findings: result.decisions.map((f) => {
      const outcome = outcomes.get(f.findingId);
      const remediation = outcome?.remediation;
      return {
        findingId: f.findingId,
        ruleId: f.ruleId,
        accountId: f.accountId,
        region: f.region,
        resourceType: f.resourceType,
        resourceId: f.resourceId,
        arn: f.arn,
        status: f.status,
        decision: outcome?.decision ?? f.decision ?? 'NONE',
        exemptionId: f.exemptionId ?? null,
        message: f.message,
        severity: f.severity,
        decisionReason: outcome?.decisionReason ?? f.decisionReason ?? null,
        // A local run sends nothing: a published message went to the outbox.
        notified:
          f.suppressedDuplicate === true
            ? 'DUPLICATE'
            : outcome?.notified.status === 'SENT'
              ? 'OUTBOX'
              : (outcome?.notified.status ?? 'NOT_SENT'),
        remediation:
          remediation === undefined || remediation.outcome === 'NOT_ATTEMPTED'
            ? null
            : {
                outcome: remediation.outcome,
                apiCalls: remediation.apiCalls ?? [],
                error: remediation.error ?? null,
                iac: (remediation as { iac?: unknown }).iac ?? null,
              },
      };
    }),
    informational: result.notifications.map((n) => ({
      ruleId: n.ruleId,
      severity: n.severity,
      summary: n.summary,
      arn: n.arn,
      decision: n.decision,
      reason: n.reason,
      exemptionId: n.exemptionId,
      status: n.status,
    })),
    notifications: result.published.map((m) => ({
      subject: m.Subject ?? '',
      ruleId: attribute(m, 'ruleId'),
      accountId: attribute(m, 'accountId'),
      severity: attribute(m, 'severity'),
    })),
    exemptionProblems,
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The terminal summary: what happened to the event, and why. */
function renderEvent(result: LocalEventResult, source: string): string {
  const e = result.event ?? {};
  const out: string[] = [];
  const route = result.outcome === 'PROCESSED' && result.route !== undefined ? ` (${result.route})` : '';
  out.push(
    `Warden event ${result.execution.name}: ${result.outcome}${route} · ${result.execution.stateTransitions} state transitions`,
  );
  if (e.eventName !== undefined || e.detailType !== undefined) {
    const what =
      e.eventName === undefined || e.eventName === '' ? e.detailType : `${e.eventName} (${e.eventSource ?? e.source})`;
    const alias = result.target?.alias;
    const account = alias === undefined || alias === e.accountId ? e.accountId : `${alias} (${e.accountId})`;
    const where = e.accountId === undefined ? '' : ` in ${account}${e.region ? ` ${e.region}` : ''}`;
    out.push(`Event: ${what}${where}${e.time === undefined ? '' : ` at ${e.time}`}`);
  }
  if (e.originator !== undefined)
    out.push(`Who: ${e.originator.display}${e.sourceIp === undefined ? '' : ` from ${e.sourceIp}`}`);
  out.push(`${result.outcome === 'PROCESSED' ? 'Route' : 'Reason'}: ${result.reason}`);
  if (result.route === 'RESOURCE') out.push(`Current state from: ${source}`);
  if (result.decisions.length > 0) {
    out.push('', 'Findings');
    const outcomes = new Map(result.findingOutcomes.map((o) => [o.findingId, o]));
    for (const f of result.decisions) {
      const o = outcomes.get(f.findingId);
      const decision = o?.decision ?? f.decision ?? 'NONE';
      const action =
        o?.remediation !== undefined && o.remediation.outcome !== 'NOT_ATTEMPTED'
          ? `${o.remediation.outcome}: ${((o.remediation.apiCalls ?? []) as { service: string; operation: string }[]).map((c) => `${c.service}:${c.operation}`).join(', ')}`
          : (o?.decisionReason ?? f.decisionReason ?? '');
      out.push(`  ${pad(decision, 9)} ${pad(f.ruleId, 34)} ${f.resourceId}  ${f.status}: ${f.message}`);
      out.push(`  ${' '.repeat(9)} ${action}${f.suppressedDuplicate === true ? ' (not notified again)' : ''}`);
    }
  } else if (result.evaluation !== undefined) {
    const counts = Object.entries(result.evaluation.counts)
      .map(
        ([rule, c]) =>
          `${rule}: ${
            Object.entries(c)
              .filter(([, n]) => n > 0)
              .map(([s, n]) => `${n} ${s}`)
              .join(', ') || 'nothing evaluated'
          }`,
      )
      .join('; ');
    out.push('', `Findings: none (${counts})`);
  }
  if (result.notifications.length > 0) {
    out.push('', 'Informational rules');
    for (const n of result.notifications) {
      out.push(`  ${pad(n.status, 9)} ${pad(n.ruleId, 24)} ${n.summary}`);
      out.push(`  ${' '.repeat(9)} ${n.decision}: ${n.reason}`);
    }
  }
  out.push('', `Notifications published: ${result.published.length} (local outbox)`);
  for (const m of result.published) out.push(`  ${m.Subject ?? '(no subject)'}`);
  return `${out.join('\n')}\n`;
}

async function eventCommand(
  file: string | undefined,
  flags: EventFlags,
  io: { stdout: (s: string) => void; stderr?: (s: string) => void },
  deps: EventCommandDeps = {},
): Promise<number> {
  if (file === undefined || file === '')
    throw new CliError('an event FILE is needed (one EventBridge event as JSON)', { usage: 'event' });
  const raw = await readEventFile(file);
  if (Array.isArray(raw) && raw.length === 0)
    throw new CliError(`event file ${file} holds an empty array: no event to run`);
  // One event or a JSON array of them; a bare CloudTrail record is wrapped as EventBridge would wrap it.
  const events = (Array.isArray(raw) ? raw : [raw]).map((e) => asEventBridgeEvent(e).event);
  // An estate folder (or its snapshot/) brings its accounts and exemptions, as for `warden sweep`.
  const { snapshotDir, run } = await readEventInputs(flags);
  const { exemptions } = run;

  // Against one set of tables, in order: what one event records (dedupe, ledger) the next one sees.
  const { results, unstorableExemptions } = await runLocalEvents(events, {
    ...run,
    ...(deps.workflows === undefined ? {} : { workflows: deps.workflows }),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  const failed = results.find((r) => r.outcome === 'FAILED');
  if (failed !== undefined) {
    throw new CliError(`the event could not be handled: ${failed.execution.error}: ${failed.execution.cause}`);
  }
  const problems = exemptionProblems(exemptions, unstorableExemptions);
  const format = formatOf(flags, 'event');
  if (format !== undefined && format !== 'json') {
    const now = deps.now?.() ?? new Date();
    const aliases = new Map(
      results.flatMap((r) => (r.target === undefined ? [] : [[r.target.accountId, r.target.alias] as const])),
    );
    const context = exportContext({ aliases, exemptions: exemptions ?? [], generatedAt: now });
    io.stdout(
      renderFindings(
        format,
        results.flatMap((r) => eventFindings(r, now)),
        context,
      ),
    );
  } else if (format === 'json') {
    const documents = results.map((r) => ({
      ...eventJsonReport(r, problems),
      ...(flags.showMessages === true ? { outbox: r.published } : {}),
    }));
    io.stdout(`${JSON.stringify(Array.isArray(raw) ? documents : documents[0], null, 2)}\n`);
  } else {
    const source = `${snapshotDir} (${run.items.length} configuration items)`;
    io.stdout(results.map((r) => renderEvent(r, source)).join('\n'));
    if (flags.showMessages === true) io.stdout(renderOutbox(results.flatMap((r) => r.published)));
  }
  // A rejected event is an execution that did not succeed (the deployed one FAILS, and operators are told).
  const rejected = results.filter((r) => r.outcome === 'REJECTED');
  for (const r of rejected) io.stderr?.(`warden: the event was rejected: ${r.reason}\n`);
  // --fail-on weighs the resource findings and the event-only rules' results alike, with what was decided.
  const outcomes = new Map(results.flatMap((r) => r.findingOutcomes).map((o) => [o.findingId, o]));
  const weighed = results.flatMap((r) => [
    ...r.decisions.map((f) => ({
      severity: f.severity,
      decision: outcomes.get(f.findingId)?.decision ?? f.decision ?? 'NONE',
    })),
    ...r.notifications.map((n) => ({ severity: n.severity, decision: n.decision })),
  ]);
  return gate(weighed, flags.failOn, rejected.length > 0 ? 1 : 0, (text) => io.stderr?.(text));
}

/** `warden event FILE` and its options. */
function register(program: Command, cli: CliContext): void {
  const event = program
    .command('event')
    .summary('Run one EventBridge event through the EventStateMachine, locally')
    .description(
      'EventBridge events (the whole envelope, as the bus delivers it; a bare CloudTrail record is wrapped as EventBridge would wrap it; a JSON array runs each in turn) through the synthesized EventStateMachine, locally; says which end each reached (Processed, Ignored, Rejected) and why. Exit 1 when an event is rejected.',
    )
    .argument('[file]', 'the event as JSON: an EventBridge event, a bare CloudTrail record, or a JSON array of them')
    .allowExcessArguments(true)
    .option('--snapshot <dir>', 'current state of the resources it names (default: the bundled estate)')
    .option('--accounts <file>', 'JSON array of accounts')
    .option('--exemptions <file>', 'JSON array of exemption items')
    .option('--watch-list <file>', 'JSON array of {"eventSource", "eventName", "severity", "note"}')
    .option(
      '--show-messages',
      'print every message of the local outbox: subject, attributes and body (with --json: as "outbox")',
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 3 when un-exempted findings of this severity or above remain (for CI)',
      ).argParser(severityArgument),
    )
    .addOption(jsonOption())
    .addOption(formatOption(false))
    .addHelpText(
      'after',
      examples(
        'warden event test/fixtures/events/delete-bucket-encryption.json',
        'warden event test/fixtures/events/console-login-failure.json --fail-on MEDIUM   # exit 3',
        'warden event my-event.json --snapshot ./AWSLogs --json',
        'warden event test/fixtures/events/console-login-failure.json --format ocsf   # an OCSF Detection Finding',
      ),
    )
    .action(async (file: string | undefined) => {
      const extra = event.args[1];
      if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`, { usage: 'event' });
      cli.exit(await eventCommand(file, event.opts<EventFlags>(), cli.io));
    });
}

export type { EventCommandDeps, EventFlags };
export { eventCommand, eventJsonReport, register, renderEvent };
