import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { BatchingMetrics, createMetrics } from '../../../lambda/runtime/powertools';
import { captureOutput, emittedMetrics, metricRecords } from '../support/captured-output';

const ORIGINAL_ENV = { ...process.env };

afterEach(() => {
  process.env = { ...ORIGINAL_ENV };
});

describe('BatchingMetrics.publishEach: one EMF document per dimension value, written in batches', () => {
  it('GIVEN three apps WHEN published THEN three documents go out in one write, each as singleMetric() would write it', () => {
    // Prepare
    const values = [
      ['Acme', 5],
      ['Beta', 20],
      ['Gamma', 0],
    ] as const;
    const output = captureOutput();
    const writes = jest.mocked(process.stdout.write);
    let batched: Record<string, unknown>[];
    let single: Record<string, unknown>[];
    let batchWrites: number;
    try {
      // Act
      createMetrics().publishEach('DaysUntilExpiry', MetricUnit.Count, 'app', values);
      batchWrites = writes.mock.calls.length;
      batched = metricRecords(output.records());
      const reference = createMetrics().singleMetric();
      for (const [app, days] of values) {
        reference.addDimension('app', app).addMetric('DaysUntilExpiry', MetricUnit.Count, days);
      }
      single = metricRecords(output.records()).slice(batched.length);
    } finally {
      output.restore();
    }

    // Assess
    expect(batchWrites).toBe(1);
    expect(batched).toHaveLength(3);
    const withoutTime = (records: Record<string, unknown>[]) =>
      emittedMetrics(records).map(({ namespace, name, unit, value, dimensions }) => ({
        namespace,
        name,
        unit,
        value,
        dimensions,
      }));
    expect(withoutTime(batched)).toEqual(withoutTime(single));
    expect(withoutTime(batched)[2]).toEqual({
      namespace: 'LwaExpiryMonitor',
      name: 'DaysUntilExpiry',
      unit: 'Count',
      value: 0,
      dimensions: { service: 'lwa-expiry-monitor', app: 'Gamma' },
    });
  });

  it('GIVEN 1,201 values WHEN published THEN they go out 500 lines per write, every one once', () => {
    // Prepare
    const values = Array.from({ length: 1201 }, (_, i) => [`App ${i}`, i] as const);
    const output = captureOutput();
    let writes: number;
    let records: Record<string, unknown>[];
    try {
      // Act
      new BatchingMetrics({ namespace: 'N', serviceName: 's' }).publishEach(
        'M',
        MetricUnit.Count,
        'app',
        values,
      );
      writes = jest.mocked(process.stdout.write).mock.calls.length;
      records = metricRecords(output.records());
    } finally {
      output.restore();
    }
    // Assess
    expect(writes).toBe(3);
    expect(new Set(records.map((r) => r.app)).size).toBe(1201);
  });

  it('GIVEN metrics are disabled WHEN published THEN nothing is written', () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const output = captureOutput();
    try {
      // Act
      createMetrics().publishEach('DaysUntilExpiry', MetricUnit.Count, 'app', [['Acme', 5]]);
      // Assess
      expect(output.text()).toBe('');
    } finally {
      output.restore();
    }
  });

  it('GIVEN no values WHEN published THEN nothing is written', () => {
    const output = captureOutput();
    try {
      createMetrics().publishEach('DaysUntilExpiry', MetricUnit.Count, 'app', []);
      expect(output.text()).toBe('');
    } finally {
      output.restore();
    }
  });
});
