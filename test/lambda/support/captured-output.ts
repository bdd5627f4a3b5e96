/**
 * Powertools Logger and Metrics write JSON lines straight to process.stdout / process.stderr
 * (through their own `Console`), so the tests read what they print there.
 */
export interface CapturedOutput {
  /** Everything written, stdout and stderr, in order. */
  readonly text: () => string;
  /** Every line that parses as a JSON object. */
  readonly records: () => Record<string, unknown>[];
  readonly restore: () => void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const collect = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(collect);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(collect);
  const text = () => chunks.join('');
  return {
    text,
    records: () =>
      text()
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line): unknown => JSON.parse(line))
        .filter(isRecord),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

/** The EMF metric records among `records`: one per published metric set. */
export function metricRecords(records: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return records.filter((r) => '_aws' in r);
}

/** One metric value as CloudWatch would read it from an EMF record. */
export interface EmittedMetric {
  readonly namespace: unknown;
  readonly name: string;
  readonly unit: unknown;
  readonly value: unknown;
  readonly dimensions: Record<string, unknown>;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** Reads every metric out of EMF records, each with the dimensions its directive declares. */
export function emittedMetrics(records: readonly Record<string, unknown>[]): EmittedMetric[] {
  const metrics: EmittedMetric[] = [];
  for (const record of metricRecords(records)) {
    const aws = record._aws;
    if (!isRecord(aws)) continue;
    for (const directive of arrayOf(aws.CloudWatchMetrics)) {
      if (!isRecord(directive)) continue;
      const dimensionNames = arrayOf(directive.Dimensions)
        .flatMap((set) => arrayOf(set))
        .filter((name): name is string => typeof name === 'string');
      const dimensions = Object.fromEntries(dimensionNames.map((name) => [name, record[name]]));
      for (const metric of arrayOf(directive.Metrics)) {
        if (!isRecord(metric) || typeof metric.Name !== 'string') continue;
        metrics.push({
          namespace: directive.Namespace,
          name: metric.Name,
          unit: metric.Unit,
          value: record[metric.Name],
          dimensions,
        });
      }
    }
  }
  return metrics;
}
