import type { ConnectorModule } from '../connector-module.js';
import { createJiraConnector } from './jira.connector.js';
import { jiraEnvSchema, toJiraConfig, type JiraConfig } from './jira.schema.js';

export type { JiraConfig } from './jira.schema.js';

/** Jira Service Management (Cloud), `ITSM_PROVIDER=jira` (itsm-apis.md §4). */
export const jiraModule: ConnectorModule<ReturnType<typeof jiraEnvSchema.parse>, JiraConfig> = {
  provider: 'jira',
  envSchema: jiraEnvSchema,
  toConfig: toJiraConfig,
  secrets: (c) => [c.apiToken],
  create: (c, deps) => createJiraConnector(c, { ...deps, logger: deps.logger.child({ component: 'itsm.jira' }) }),
};
