import { automationPorts } from '../runtime/automation-ports';
import { eventPublisherFor } from '../runtime/event-publishing';
import { createLogger, createMetrics, logPortOf } from '../runtime/powertools';
import { SpApiProbe } from '../adapters/http/sp-api-probe';
import { makeHandler } from './make-handler';
import { liveCheckEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = liveCheckEnvironment(process.env);
const logger = createLogger();
const metrics = createMetrics();

export const handler = makeHandler({
  ...automationPorts(environment),
  spApi: new SpApiProbe({ endpoint: environment.spApiEndpoint }),
  events: eventPublisherFor(process.env, logPortOf(logger), metrics),
  settings: environment.settings,
  logger,
  metrics,
});
