/**
 * Published AWS list prices, US East (N. Virginia), as read for ../shared/research/cost-and-limits.md
 * (research date 2026-11-22; the figures marked [V] there were seen in a retrieved source). Free
 * tiers are left out: the bench prices the marginal sweep.
 */
const PRICES_AS_OF = '2026-11-22';

const PRICES = {
  /** Step Functions Standard: $0.025 per 1,000 state transitions. */
  standardTransition: 0.025 / 1000,
  /** Step Functions Express: $1.00 per million requests (executions, a Distributed Map's children included). */
  expressRequest: 1 / 1e6,
  /** Express duration, first tier: $0.00001667 per GB-second; billed in 64 MB chunks, rounded up to 100 ms. */
  expressGbSecond: 0.00001667,
  expressMemoryChunkMB: 64,
  expressDurationStepMs: 100,
  /** Lambda requests: $0.20 per million. */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda duration, arm64 (Warden's functions): $0.0000133334 per GB-second, billed per 1 ms. */
  lambdaGbSecondArm64: 0.0000133334,
  /** DynamoDB on-demand: $0.625 per million write request units, $0.125 per million read request units. */
  dynamoDbWriteUnit: 0.625 / 1e6,
  dynamoDbReadUnit: 0.125 / 1e6,
  /** SNS publishes: about $0.50 per million ([M] in the research: not confirmed there). */
  snsPublish: 0.5 / 1e6,
  /** S3 Standard requests: $0.005 per 1,000 PUT, $0.0004 per 1,000 GET (AWS S3 pricing page; not in the research file). */
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
} as const;

export { PRICES, PRICES_AS_OF };
