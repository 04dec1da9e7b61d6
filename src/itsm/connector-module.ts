import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Clock } from '../core/ports/clock.port.js';
import type { ItsmConnector } from '../core/ports/itsm.port.js';
import type { Logger } from '../core/ports/logger.port.js';

/** What every connector is built with (style.md §3.3: `create(config, { http, logger, clock })`). */
export interface ConnectorDeps {
  dispatcher: Dispatcher;
  /** Per-call time limit (UPSTREAM_TIMEOUT_MS). */
  timeoutMs: number;
  logger: Logger;
  clock: Clock;
}

/**
 * One vendor, plugged into the registry: its own settings schema (so its mistakes are listed with every other
 * setting at start), the secrets the log scrubber must hide, and the factory.
 */
export interface ConnectorModule<Env, C extends { provider: string }> {
  provider: C['provider'];
  /** Reads the vendor's settings from the whole environment (unknown keys ignored). */
  envSchema: z.ZodType<Env>;
  toConfig(env: Env): C;
  /** Every credential in the config, so no log line ever carries one. */
  secrets(config: C): string[];
  create(config: C, deps: ConnectorDeps): ItsmConnector;
}
