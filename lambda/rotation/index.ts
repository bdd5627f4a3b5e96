import { automationPorts } from '../adapters/automation-ports';
import { createLogger, createMetrics } from '../commons/powertools';
import { SpApiApplicationManagement } from '../sp-api/application-management';
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
