import type { ConnectorModule } from '../connector-module.js';
import { createMatrix42Connector } from './matrix42.connector.js';
import { matrix42EnvSchema, toMatrix42Config, type Matrix42Config } from './matrix42.schema.js';

export type { Matrix42Config, Matrix42JournalMode } from './matrix42.schema.js';

/**
 * Matrix42 ESM (itsm-apis.md §6). Only the API token is a secret: access tokens live in memory for minutes and
 * are never logged or stored.
 */
export const matrix42Module: ConnectorModule<ReturnType<typeof matrix42EnvSchema.parse>, Matrix42Config> = {
  provider: 'matrix42',
  envSchema: matrix42EnvSchema,
  toConfig: toMatrix42Config,
  secrets: (c) => [c.apiToken],
  create: (c, deps) => createMatrix42Connector(c, { ...deps, logger: deps.logger.child({ component: 'itsm.matrix42' }) }),
};
