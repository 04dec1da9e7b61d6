import type { ConnectorModule } from '../connector-module.js';
import { createCherwellConnector } from './cherwell.connector.js';
import { cherwellEnvSchema, toCherwellConfig, type CherwellConfig } from './cherwell.schema.js';

export type { CherwellConfig } from './cherwell.schema.js';

/** Cherwell CSM (ITSM_PROVIDER=cherwell): settings, secrets and factory for the registry. */
export const cherwellModule: ConnectorModule<ReturnType<typeof cherwellEnvSchema.parse>, CherwellConfig> = {
  provider: 'cherwell',
  envSchema: cherwellEnvSchema,
  toConfig: toCherwellConfig,
  // The client key is sent as api_key and identifies the integration, so it stays out of logs too.
  secrets: (c) => [c.password, c.clientId],
  create: (c, deps) => createCherwellConnector(c, { ...deps, logger: deps.logger.child({ component: 'itsm.cherwell' }) }),
};
