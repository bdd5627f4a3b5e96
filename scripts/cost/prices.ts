/**
 * The list prices `npm run cost` uses: AWS us-east-1 (N. Virginia), on-demand, in USD, as read
 * from the AWS pricing pages below on PRICES_CHECKED. Prices change and differ by region; check
 * the pages before relying on a figure. docs/cost.md lists the same table.
 */
export const PRICES_CHECKED = '2026-12-05';
export const PRICE_REGION = 'us-east-1';

export const PRICE_PAGES = {
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  lambda: 'https://aws.amazon.com/lambda/pricing/',
  sns: 'https://aws.amazon.com/sns/pricing/',
  sms: 'https://aws.amazon.com/end-user-messaging/pricing/',
  sqs: 'https://aws.amazon.com/sqs/pricing/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  secretsManager: 'https://aws.amazon.com/secrets-manager/pricing/',
  xray: 'https://aws.amazon.com/xray/pricing/',
  eventbridge: 'https://aws.amazon.com/eventbridge/pricing/',
} as const;

/** One price step: `price` per unit for the units up to `upTo` (cumulative; undefined: no limit). */
export interface PriceTier {
  readonly upTo?: number;
  readonly price: number;
}

/**
 * A billed quantity with its price steps and, where the AWS Free Tier covers it, the name of the
 * monthly allowance it draws on (several meters may share one, as CloudWatch Logs' 5 GB do).
 */
export interface Meter {
  readonly unit: string;
  readonly tiers: readonly PriceTier[];
  readonly freeAllowance?: FreeAllowanceName;
  readonly page: keyof typeof PRICE_PAGES;
}

/** Monthly AWS Free Tier allowances that never expire, per account (shared with everything else in it). */
export const FREE_ALLOWANCES = {
  customMetrics: 10,
  alarmMetrics: 10,
  dashboards: 3,
  logsGb: 5,
  lambdaRequests: 1_000_000,
  lambdaGbSeconds: 400_000,
  xrayTraces: 100_000,
  snsPublishes: 1_000_000,
  snsEmails: 1_000,
  sqsRequests: 1_000_000,
  kmsRequests: 20_000,
  dynamodbStorageGb: 25,
} as const;
export type FreeAllowanceName = keyof typeof FREE_ALLOWANCES;

const flat = (price: number): PriceTier[] => [{ price }];

export const METERS = {
  /** Standard-resolution custom metric, billed per metric-hour (a metric with data in every hour of the month: 1 metric-month). */
  customMetric: {
    unit: 'metric-months',
    tiers: [
      { upTo: 10_000, price: 0.3 },
      { upTo: 250_000, price: 0.1 },
      { upTo: 1_000_000, price: 0.05 },
      { price: 0.02 },
    ],
    freeAllowance: 'customMetrics',
    page: 'cloudwatch',
  },
  /** Standard-resolution alarm, per metric it evaluates. */
  alarmMetric: { unit: 'alarm metrics', tiers: flat(0.1), freeAllowance: 'alarmMetrics', page: 'cloudwatch' },
  /** High-resolution alarm (period under 60 s), per metric. */
  highResolutionAlarmMetric: { unit: 'alarm metrics', tiers: flat(0.3), page: 'cloudwatch' },
  dashboard: { unit: 'dashboards', tiers: flat(3), freeAllowance: 'dashboards', page: 'cloudwatch' },
  logsIngestedGb: { unit: 'GB', tiers: flat(0.5), freeAllowance: 'logsGb', page: 'cloudwatch' },
  logsStoredGb: { unit: 'GB-months', tiers: flat(0.03), freeAllowance: 'logsGb', page: 'cloudwatch' },
  lambdaRequest: {
    unit: 'requests',
    tiers: flat(0.2 / 1e6),
    freeAllowance: 'lambdaRequests',
    page: 'lambda',
  },
  lambdaGbSecondArm: {
    unit: 'GB-s',
    tiers: [
      { upTo: 7.5e9, price: 0.0000133334 },
      { upTo: 18.75e9, price: 0.0000120001 },
      { price: 0.0000106667 },
    ],
    freeAllowance: 'lambdaGbSeconds',
    page: 'lambda',
  },
  lambdaGbSecondX86: {
    unit: 'GB-s',
    tiers: [{ upTo: 6e9, price: 0.0000166667 }, { upTo: 15e9, price: 0.000015 }, { price: 0.0000133334 }],
    freeAllowance: 'lambdaGbSeconds',
    page: 'lambda',
  },
  xrayTrace: { unit: 'traces', tiers: flat(5 / 1e6), freeAllowance: 'xrayTraces', page: 'xray' },
  snsPublish: { unit: 'requests', tiers: flat(0.5 / 1e6), freeAllowance: 'snsPublishes', page: 'sns' },
  snsEmail: { unit: 'emails', tiers: flat(2 / 1e5), freeAllowance: 'snsEmails', page: 'sns' },
  /**
   * SMS is priced per message part by destination country and carrier. Assumed here: a US number,
   * about $0.0058 per part plus a carrier fee of about $0.003; every alert SMS fits one part (the
   * SMS text is kept to 140 GSM-7 characters). Elsewhere it can be ten times this or more.
   */
  smsUs: { unit: 'messages', tiers: flat(0.0088), page: 'sms' },
  sqsRequest: { unit: 'requests', tiers: flat(0.4 / 1e6), freeAllowance: 'sqsRequests', page: 'sqs' },
  /** A customer-managed key in its first year; each of its first two yearly rotations adds $1/month. */
  kmsKey: { unit: 'key-months', tiers: flat(1), page: 'kms' },
  kmsRequest: { unit: 'requests', tiers: flat(0.03 / 1e4), freeAllowance: 'kmsRequests', page: 'kms' },
  /** On-demand, standard table class; a strongly consistent read of 4 KB is 1 read request unit. */
  dynamodbReadUnit: { unit: 'read units', tiers: flat(0.125 / 1e6), page: 'dynamodb' },
  dynamodbWriteUnit: { unit: 'write units', tiers: flat(0.625 / 1e6), page: 'dynamodb' },
  dynamodbStorageGb: {
    unit: 'GB-months',
    tiers: flat(0.25),
    freeAllowance: 'dynamodbStorageGb',
    page: 'dynamodb',
  },
  dynamodbPitrGb: { unit: 'GB-months', tiers: flat(0.2), page: 'dynamodb' },
  secret: { unit: 'secret-months', tiers: flat(0.4), page: 'secretsManager' },
  secretsManagerCall: { unit: 'API calls', tiers: flat(0.05 / 1e4), page: 'secretsManager' },
  /** Scheduled rules invoke their targets at no charge. */
  scheduleInvocation: { unit: 'invocations', tiers: flat(0), page: 'eventbridge' },
} as const satisfies Record<string, Meter>;
export type MeterName = keyof typeof METERS;
