/**
 * The task handlers of a local run: the very same task code as the Lambda functions, given local
 * dependencies — the embedded DynamoDB, the in-memory artifacts store, resources from a Config
 * snapshot instead of the live collectors, and — unless `warden sweep --live --apply` gives it
 * remediation clients — nothing is ever sent: every REMEDIATE decision is PLANNED. Remediate is
 * composed as the Lambda's: kill switch, loop breaker, per-sweep cap, the deployment's rules.
 */
import { createCheckExemptions } from '../tasks/check-exemptions/check-exemptions';
import { createCollect } from '../tasks/collect/collect';
import { createEvaluate } from '../tasks/evaluate/evaluate';
import { createLoadRemediations } from '../tasks/load-remediations/load-remediations';
import { createNotifyOwners } from '../tasks/notify-owners/notify-owners';
import { createRecordRemediation } from '../tasks/record-remediation/record-remediation';
import { createRemediate } from '../tasks/remediate/remediate';
import { createResolveTargets, storingTargets } from '../tasks/resolve-targets/resolve-targets';
import { activeRules } from '../tasks/rules/settings';
import { createSaveOutcomes } from '../tasks/save-outcomes/save-outcomes';
import type { AwsClients } from '../tasks/shared/aws/clients';
import { configFromJson } from '../tasks/shared/config';
import type { ResourceSource } from '../tasks/shared/inventory/source';
import type { KillSwitch } from '../tasks/shared/kill-switch';
import type { Notification } from '../tasks/shared/model';
import type { ObjectStore } from '../tasks/shared/object-store';
import { createSummarize } from '../tasks/summarize/summarize';
import type { PublishedMessage, TaskFactory } from './bindings';
import type { EmbeddedDynamoDb } from './embedded-dynamodb';

interface LocalTaskDeps {
  readonly dynamodb: EmbeddedDynamoDb;
  readonly store: ObjectStore;
  readonly source: ResourceSource;
  /** The clock exemptions are judged against. @default () => new Date() */
  readonly now?: () => Date;
  /** Stands in for the SSM kill-switch parameter. */
  readonly killSwitch: KillSwitch;
  /** Where `Record remediation` puts the events it would send to EventBridge. */
  readonly events: LocalEvent[];
  /** Where task code publishes to the notifications topic (the local outbox). */
  readonly publish: (message: PublishedMessage) => void;
  /** SDK clients that send remediations (`--apply`). @default none: every remediation is PLANNED */
  readonly clientsFor?: (accountId: string, region: string) => Promise<AwsClients>;
}

interface LocalEvent {
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
}

function localTasks(deps: LocalTaskDeps): Record<string, TaskFactory> {
  const ddb = deps.dynamodb.documents;
  const now = deps.now ?? (() => new Date());
  const env = (e: Record<string, string>, name: string): string => {
    const value = e[name];
    if (value === undefined) throw new Error(`the synthesized function has no ${name}`);
    return value;
  };
  /** What a task's SNS Publish does locally: the message goes to the outbox, as it would to the topic. */
  const publisher = (state: string, e: Record<string, string>) => async (n: Notification) => {
    deps.publish({
      state,
      TopicArn: env(e, 'TOPIC_ARN'),
      Subject: n.subject,
      Message: n.message,
      MessageAttributes: Object.fromEntries(
        Object.entries(n.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
      ),
    });
    return { messageId: `local-${Date.now()}` };
  };
  return {
    'resolve-targets': (e) =>
      storingTargets(
        deps.store,
        createResolveTargets({
          ddb,
          accountsTable: env(e, 'ACCOUNTS_TABLE'),
          exemptionsTable: env(e, 'EXEMPTIONS_TABLE'),
          config: configFromJson(e.WARDEN_CONFIG),
        }),
      ),
    collect: () => createCollect({ source: deps.source, store: deps.store }),
    evaluate: (e) => createEvaluate({ store: deps.store, config: configFromJson(e.WARDEN_CONFIG) }),
    'check-exemptions': (e) =>
      createCheckExemptions({
        ddb,
        exemptionsTable: env(e, 'EXEMPTIONS_TABLE'),
        ledgerTable: env(e, 'LEDGER_TABLE'),
        killSwitch: deps.killSwitch,
        store: deps.store,
        config: configFromJson(e.WARDEN_CONFIG),
        now,
      }),
    // The per-sweep blast-radius cap counts planned remediations too, on the embedded table.
    remediate: (e) => {
      const config = configFromJson(e.WARDEN_CONFIG);
      return createRemediate({
        now,
        killSwitch: deps.killSwitch,
        loopBreaker: { ddb, ledgerTable: env(e, 'LEDGER_TABLE'), ...config.loopBreaker },
        sweepCap: { ddb, table: env(e, 'BLAST_RADIUS_TABLE'), maxResources: config.blastRadius.perSweep.maxResources },
        rules: activeRules(config),
        ...(deps.clientsFor !== undefined ? { clientsFor: deps.clientsFor } : {}),
      });
    },
    'record-remediation': (e) =>
      createRecordRemediation({
        ddb,
        ledgerTable: env(e, 'LEDGER_TABLE'),
        publishEvent: async (detailType, detail) => {
          deps.events.push({ detailType, detail });
        },
      }),
    'load-remediations': () => createLoadRemediations({ store: deps.store }),
    'save-outcomes': () => createSaveOutcomes({ store: deps.store }),
    'notify-owners': (e) => createNotifyOwners({ store: deps.store, publish: publisher('Notify owners', e) }),
    summarize: (e) =>
      createSummarize({
        store: deps.store,
        ddb,
        ledgerTable: env(e, 'LEDGER_TABLE'),
        exemptionsTable: env(e, 'EXEMPTIONS_TABLE'),
        publish: publisher('Summarize', e),
        now,
      }),
  };
}

export type { LocalEvent, LocalTaskDeps };
export { localTasks };
