import { automationPorts } from '../runtime/automation-ports';
import { eventPublisherFor } from '../runtime/event-publishing';
import { createLogger, createMetrics, logPortOf } from '../runtime/powertools';
import { SpApiApplicationManagement } from '../adapters/http/application-management';
import { makeHandler } from './make-handler';
import { rotationEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = rotationEnvironment(process.env);
const logger = createLogger();
const metrics = createMetrics();

export const handler = makeHandler({
  ...automationPorts(environment),
  applications: new SpApiApplicationManagement({ endpoint: environment.spApiEndpoint }),
  events: eventPublisherFor(process.env, logPortOf(logger), metrics),
  settings: environment.settings,
  logger,
  metrics,
});
