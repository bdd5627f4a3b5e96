import { automationPorts } from '../runtime/automation-ports';
import { createLogger, createMetrics } from '../runtime/powertools';
import { SpApiApplicationManagement } from '../adapters/http/application-management';
import { makeHandler } from './make-handler';
import { rotationEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = rotationEnvironment(process.env);

export const handler = makeHandler({
  ...automationPorts(environment),
  applications: new SpApiApplicationManagement({ endpoint: environment.spApiEndpoint }),
  settings: environment.settings,
  logger: createLogger(),
  metrics: createMetrics(),
});
