#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { createApp } from './app.js';
import { loadConfig } from './config/load.js';
import { ConfigError } from './core/errors.js';

/** `npm start`: read .env, validate every setting, serve, and stop cleanly on SIGTERM/SIGINT. */
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
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down: finishing in-flight work');
    void app.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`teamviewer-chatops failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
