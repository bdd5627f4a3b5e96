import { Logger } from '@aws-lambda-powertools/logger';
import type { MetricUnit } from '@aws-lambda-powertools/metrics/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../contract/telemetry';
import type { LogPort } from '../ports/log';

/** Documents per write in `publishEach`: bounds the string built for one write. */
const DOCUMENTS_PER_WRITE = 500;

/**
 * Powertools Metrics with one more way to publish: one metric for many values of a dimension
 * (`DaysUntilExpiry` per app). EMF takes one value per dimension in a document, so each value is
 * a document of its own. `singleMetric()` would build a Metrics object, and a Console, per
 * document and write each one separately; here Powertools serializes them all with one object
 * and they go to stdout a few hundred lines per write. Lambda makes each line a log event, as it
 * does with Powertools' own writes.
 */
export class BatchingMetrics extends Metrics {
  publishEach(
    metric: string,
    unit: MetricUnit,
    dimension: string,
    values: Iterable<readonly [dimensionValue: string, value: number]>,
  ): void {
    if (this.isDisabled()) return;
    const documents = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    let lines: string[] = [];
    const flush = () => {
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      lines = [];
    };
    for (const [dimensionValue, value] of values) {
      documents.addDimension(dimension, dimensionValue).addMetric(metric, unit, value);
      lines.push(JSON.stringify(documents.serializeMetrics()));
      documents.clearMetrics();
      documents.clearDimensions();
      if (lines.length >= DOCUMENTS_PER_WRITE) flush();
    }
    flush();
  }
}

/** The one Logger and Metrics configuration of every function in this product. */
export function createLogger(): Logger {
  return new Logger({ serviceName: SERVICE_NAME });
}

export function createMetrics(): BatchingMetrics {
  return new BatchingMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
}

export function logPortOf(logger: Pick<Logger, 'info' | 'warn' | 'error'>): LogPort {
  return {
    info: (message, fields) => logger.info(message, fields ?? {}),
    warn: (message, fields) => logger.warn(message, fields ?? {}),
    error: (message, fields) => logger.error(message, fields ?? {}),
  };
}
