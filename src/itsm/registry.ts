import type { ItsmConnector } from '../core/ports/itsm.port.js';
import type { ConnectorDeps, ConnectorModule } from './connector-module.js';
import { createNoneConnector } from './none/none.connector.js';
import { cherwellModule, type CherwellConfig } from './cherwell/index.js';
import { jiraModule, type JiraConfig } from './jira/index.js';
import { matrix42Module, type Matrix42Config } from './matrix42/index.js';
import { servicenowModule, type ServiceNowConfig } from './servicenow/index.js';

/** ITSM_PROVIDER → connector settings; a discriminated union on `provider` (style.md §3.3). */
export type ItsmConfig = { provider: 'none' } | ServiceNowConfig | JiraConfig | CherwellConfig | Matrix42Config;
export type ItsmProvider = ItsmConfig['provider'];

type Env = Record<string, string | undefined>;
// The registry only moves a config from a module's own schema to its own factory, so the erased env type meets
// itself again inside one module; `unknown` keeps the compiler honest about that instead of `any`.
type AnyModule = ConnectorModule<unknown, ItsmConfig & { provider: Exclude<ItsmProvider, 'none'> }>;

const MODULES: Record<Exclude<ItsmProvider, 'none'>, AnyModule> = {
  servicenow: servicenowModule,
  jira: jiraModule,
  cherwell: cherwellModule,
  matrix42: matrix42Module,
};

export const ITSM_PROVIDERS = ['none', ...Object.keys(MODULES)] as readonly string[];

/**
 * The chosen connector's settings, or undefined with its problems appended (one line each, like every other
 * setting). An unknown provider is reported by the base schema, not here.
 */
export function parseItsmEnv(provider: string, env: Env, problems: string[]): ItsmConfig | undefined {
  if (provider === 'none') return { provider: 'none' };
  const mod = MODULES[provider as Exclude<ItsmProvider, 'none'>] as AnyModule | undefined;
  if (!mod) return undefined;
  const r = mod.envSchema.safeParse(env);
  if (r.success) return mod.toConfig(r.data);
  for (const issue of r.error.issues) problems.push(`${issue.path.join('.') || 'environment'} ${issue.message}`);
  return undefined;
}

export function itsmSecrets(config: ItsmConfig): string[] {
  return config.provider === 'none' ? [] : MODULES[config.provider].secrets(config);
}

export function createItsmConnector(config: ItsmConfig, deps: ConnectorDeps): ItsmConnector {
  return config.provider === 'none' ? createNoneConnector() : MODULES[config.provider].create(config, deps);
}
