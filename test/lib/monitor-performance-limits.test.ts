import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { MONITOR_TIMEOUT } from '../../lib/monitor-function';
import { monitorInStack } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

const PERFORMANCE_DOC = path.join(__dirname, '..', '..', 'docs', 'performance.md');

/**
 * The limits docs/performance.md states for the monitor, from its sentence
 * "The monitor function has a timeout of <s> s and <MB> MB of memory, so <share> vCPU".
 */
function statedLimits(): { timeoutSeconds: number; memoryMb: number; vcpu: number } {
  const doc = readFileSync(PERFORMANCE_DOC, 'utf8');
  const match = /The monitor function has a timeout of (\d+) s and (\d+) MB of memory, so ([\d.]+) vCPU/.exec(
    doc.replace(/\s+/g, ' '),
  );
  if (!match) throw new Error(`${PERFORMANCE_DOC} no longer states the monitor's timeout and memory`);
  return { timeoutSeconds: Number(match[1]), memoryMb: Number(match[2]), vcpu: Number(match[3]) };
}

function monitorFunctionProperties(): { Timeout: number; MemorySize: number } {
  const { stack } = monitorInStack();
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
    Properties: { Description: 'lwa-expiry-monitor: alerts before LWA client secrets expire' },
  });
  const [monitor, ...others] = Object.values(functions);
  if (!monitor || others.length > 0) throw new Error('expected exactly one monitor function');
  return monitor.Properties as { Timeout: number; MemorySize: number };
}

describe('docs/performance.md: the monitor limits it states are the ones deployed', () => {
  it('GIVEN the default monitor WHEN synthesized THEN its timeout and memory are those docs/performance.md states', () => {
    // Prepare
    const stated = statedLimits();
    // Act
    const deployed = monitorFunctionProperties();
    // Assess
    expect(deployed.Timeout).toBe(stated.timeoutSeconds);
    expect(deployed.MemorySize).toBe(stated.memoryMb);
    expect(MONITOR_TIMEOUT.toSeconds()).toBe(stated.timeoutSeconds);
  });

  it('GIVEN the stated memory WHEN turned into Lambda’s CPU share (1,769 MB per vCPU) THEN it is the vCPU figure the page states', () => {
    // Prepare
    const stated = statedLimits();
    // Act
    const share = stated.memoryMb / 1769;
    // Assess
    expect(share.toFixed(3)).toBe(stated.vcpu.toFixed(3));
  });
});
