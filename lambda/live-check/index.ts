import { automationPorts } from '../adapters/automation-ports';
import { createLogger, createMetrics } from '../commons/powertools';
import { makeHandler } from './make-handler';
import { liveCheckEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = liveCheckEnvironment(process.env);

export const handler = makeHandler({
  ...automationPorts(environment),
  settings: environment.settings,
  logger: createLogger(),
  metrics: createMetrics(),
});
