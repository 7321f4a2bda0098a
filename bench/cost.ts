/**
 * `cost`: the real SweepStateMachine definition run locally over a generated estate (5 % of the
 * resources non-compliant, 1 % remediable), counting what AWS bills: Standard state transitions
 * (the parent's states and one per child execution the Distributed Map starts), Express child
 * executions and their durations, Lambda invocations and their durations, DynamoDB request units,
 * SNS publishes and S3 requests; priced with ./prices.ts.
 *
 * Durations are measured here, in process: the tasks' own work, without the network time a Lambda
 * spends waiting on S3, DynamoDB or the member accounts' APIs. `usdPerMillionEvaluationsAt100ms`
 * prices every invocation at 100 ms at least, a pessimistic allowance for that.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '../local/engine-events';
import { type Meter, runLocalSweep } from '../local/run-sweep';
import { readSnapshot } from '../local/snapshot';
import { workflows } from '../local/workflows';
import { writeBenchEstate } from './generate-estate';
import { PRICES, PRICES_AS_OF } from './prices';

const ACCOUNT_MAP = 'For each account';
/** Powertools idempotency per Remediate invocation: PutItem (in progress) and UpdateItem (completed). */
const IDEMPOTENCY_WRITES_PER_REMEDIATION = 2;

interface CostFigures {
  readonly resources: number;
  readonly evaluations: number;
  readonly accounts: number;
  readonly standardTransitions: number;
  readonly standardTransitionsPer1k: number;
  readonly expressChildExecutions: number;
  readonly lambdaInvocations: number;
  readonly lambdaInvocationsPer1k: number;
  readonly lambdaByTask: Record<string, { invocations: number; totalMs: number; memoryMB: number }>;
  readonly dynamoDb: { readonly writeUnits: number; readonly readUnits: number; readonly requests: number };
  readonly snsPublishes: number;
  readonly s3: { readonly puts: number; readonly gets: number };
  readonly usd: Record<string, number>;
  readonly usdPerMillionEvaluations: number;
  readonly usdPerMillionEvaluationsAt100ms: number;
  readonly pricesAsOf: string;
}

/** Each sweep function's memory, from the synthesized template (what AWS bills duration by). */
function memoryByTask(): Map<string, number> {
  const out = new Map<string, number>();
  for (const resource of Object.values(workflows().template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const props = (resource.Properties ?? {}) as {
      MemorySize?: number;
      Environment?: { Variables?: Record<string, unknown> };
    };
    const task = props.Environment?.Variables?.WARDEN_TASK;
    if (typeof task === 'string') out.set(task, props.MemorySize ?? 128);
  }
  return out;
}

async function costBench(options: { accounts: number; regions: string[]; perRegion: number }): Promise<CostFigures> {
  const dir = join(tmpdir(), `warden-bench-cost-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  try {
    const { accountsFile, resources } = await writeBenchEstate(dir, options);
    const items = (await readSnapshot(dir)).items;
    const accounts = JSON.parse(await readFile(accountsFile, 'utf-8'));
    const topLevel = new Set(Object.keys(workflows().sweep.definition.States as object));

    let standardTransitions = 0;
    const childStarted = new Map<number, number>();
    const childMs: number[] = [];
    const onEvent = (e: EngineEvent) => {
      if (e.type === 'StateEntered' && e.state !== undefined && topLevel.has(e.state.name)) standardTransitions += 1;
      if (e.parentState?.name !== ACCOUNT_MAP || e.index === undefined) return;
      if (e.type === 'MapIterationStarted') {
        // Distributed Map: one Standard transition for each child execution it starts.
        standardTransitions += 1;
        childStarted.set(e.index, e.timestamp);
      } else if (e.type === 'MapIterationSucceeded' || e.type === 'MapIterationFailed') {
        childMs.push(e.timestamp - (childStarted.get(e.index) ?? e.timestamp));
      }
    };
    const lambda = new Map<string, { invocations: number; totalMs: number; billedMs: number; floorMs: number }>();
    const wrapTask = (task: string, run: (event: unknown) => Promise<unknown>) => async (event: unknown) => {
      const start = performance.now();
      try {
        return await run(event);
      } finally {
        const ms = performance.now() - start;
        const t = lambda.get(task) ?? { invocations: 0, totalMs: 0, billedMs: 0, floorMs: 0 };
        t.invocations += 1;
        t.totalMs += ms;
        t.billedMs += Math.ceil(ms);
        t.floorMs += Math.max(100, Math.ceil(ms));
        lambda.set(task, t);
      }
    };
    const dynamo = { writeUnits: 0, readUnits: 0, requests: 0 };
    const s3 = { puts: 0, gets: 0 };
    const meter: Meter = (service, operation, units) => {
      if (service === 's3') {
        if (operation === 'PutObject') s3.puts += 1;
        else s3.gets += 1;
        return;
      }
      dynamo.requests += 1;
      if (operation === 'Query' || operation === 'Scan' || operation.startsWith('Get') || operation === 'BatchGetItem')
        dynamo.readUnits += units;
      else dynamo.writeUnits += units;
    };

    const result = await runLocalSweep({ items, accounts, request: { dryRun: true }, onEvent, wrapTask, meter });
    if (result.report === undefined) throw new Error(`cost bench sweep failed: ${result.execution.cause}`);
    // The deployed Remediate records each run in the Idempotency table (Powertools: a conditional put
    // when it starts, an update with the result when it ends); the local runner has no such table.
    const remediations = lambda.get('remediate')?.invocations ?? 0;
    dynamo.requests += IDEMPOTENCY_WRITES_PER_REMEDIATION * remediations;
    dynamo.writeUnits += IDEMPOTENCY_WRITES_PER_REMEDIATION * remediations;
    const evaluations = Object.values(result.report.counts).reduce(
      (n, c) => n + c.COMPLIANT + c.NON_COMPLIANT + c.NOT_APPLICABLE + c.ERROR,
      0,
    );

    const memory = memoryByTask();
    const gbSeconds = (pick: 'billedMs' | 'floorMs') =>
      [...lambda].reduce((n, [task, t]) => n + ((memory.get(task) ?? 128) / 1024) * (t[pick] / 1000), 0);
    const invocations = [...lambda.values()].reduce((n, t) => n + t.invocations, 0);
    const expressGbS = childMs.reduce(
      (n, ms) =>
        n +
        ((PRICES.expressMemoryChunkMB / 1024) *
          (Math.max(1, Math.ceil(ms / PRICES.expressDurationStepMs)) * PRICES.expressDurationStepMs)) /
          1000,
      0,
    );
    const usd = {
      standardTransitions: standardTransitions * PRICES.standardTransition,
      expressRequests: childMs.length * PRICES.expressRequest,
      expressDuration: expressGbS * PRICES.expressGbSecond,
      lambdaRequests: invocations * PRICES.lambdaRequest,
      lambdaDuration: gbSeconds('billedMs') * PRICES.lambdaGbSecondArm64,
      dynamoDb: dynamo.writeUnits * PRICES.dynamoDbWriteUnit + dynamo.readUnits * PRICES.dynamoDbReadUnit,
      sns: result.published.length * PRICES.snsPublish,
      s3: s3.puts * PRICES.s3Put + s3.gets * PRICES.s3Get,
    };
    const total = Object.values(usd).reduce((a, b) => a + b, 0);
    const totalAt100ms = total - usd.lambdaDuration + gbSeconds('floorMs') * PRICES.lambdaGbSecondArm64;
    const perMillion = (usdTotal: number) => round((usdTotal / evaluations) * 1e6, 4);
    return {
      resources,
      evaluations,
      accounts: accounts.length,
      standardTransitions,
      standardTransitionsPer1k: round((standardTransitions / resources) * 1000, 3),
      expressChildExecutions: childMs.length,
      lambdaInvocations: invocations,
      lambdaInvocationsPer1k: round((invocations / resources) * 1000, 3),
      lambdaByTask: Object.fromEntries(
        [...lambda].map(([task, t]) => [
          task,
          { invocations: t.invocations, totalMs: Math.round(t.totalMs), memoryMB: memory.get(task) ?? 128 },
        ]),
      ),
      dynamoDb: dynamo,
      snsPublishes: result.published.length,
      s3,
      usd: Object.fromEntries(Object.entries(usd).map(([k, v]) => [k, round(v, 6)])),
      usdPerMillionEvaluations: perMillion(total),
      usdPerMillionEvaluationsAt100ms: perMillion(totalAt100ms),
      pricesAsOf: PRICES_AS_OF,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export type { CostFigures };
export { costBench };
