#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { createApp } from './app.js';
import { loadConfig } from './config/load.js';
import { ConfigError } from './core/errors.js';

/**
 * `npm start`: read .env, validate every setting, serve, and stop cleanly on SIGTERM/SIGINT: exit 0 once in-flight
 * work is done and the store is closed; exit 1 at SHUTDOWN_TIMEOUT or on a second signal, naming what still ran.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.publicMessage}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // An operator (or the orchestrator) insists: leave now. lowdb's file is whole after every write.
      app.logger.error({ signal, running: app.inFlight() }, 'second signal: exiting without waiting for in-flight work');
      process.exit(1);
    }
    stopping = true;
    app.logger.info({ signal, running: app.inFlight(), timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight work');
    // The stop gives up on work at SHUTDOWN_TIMEOUT; this catches a store that then hangs while closing (and, not
    // being unref'd, keeps an emptied event loop from ending the process with 0 before the stop has finished).
    setTimeout(() => {
      app.logger.error({ running: app.inFlight() }, 'shutdown did not complete after SHUTDOWN_TIMEOUT; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 3000);
    app.shutdown().then(
      ({ unfinished }) => {
        if (unfinished.length === 0) app.logger.info({ signal }, 'stopped cleanly');
        process.exit(unfinished.length === 0 ? 0 : 1);
      },
      (err: unknown) => {
        app.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`teamviewer-chatops failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
