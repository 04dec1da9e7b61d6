import type { ConnectorModule } from '../connector-module.js';
import { createServiceNowConnector } from './servicenow.connector.js';
import { servicenowEnvSchema, toServiceNowConfig, type ServiceNowConfig } from './servicenow.schema.js';

export type { ServiceNowConfig } from './servicenow.schema.js';

export const servicenowModule: ConnectorModule<ReturnType<typeof servicenowEnvSchema.parse>, ServiceNowConfig> = {
  provider: 'servicenow',
  envSchema: servicenowEnvSchema,
  toConfig: toServiceNowConfig,
  secrets: (c) => [c.password],
  create: (c, deps) => createServiceNowConnector(c, { ...deps, logger: deps.logger.child({ component: 'itsm.servicenow' }) }),
};
