import { automationPorts } from '../runtime/automation-ports';
import { createLogger, createMetrics } from '../runtime/powertools';
import { SpApiProbe } from '../adapters/http/sp-api-probe';
import { makeHandler } from './make-handler';
import { liveCheckEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = liveCheckEnvironment(process.env);

export const handler = makeHandler({
  ...automationPorts(environment),
  spApi: new SpApiProbe({ endpoint: environment.spApiEndpoint }),
  settings: environment.settings,
  logger: createLogger(),
  metrics: createMetrics(),
});
