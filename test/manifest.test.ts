import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../src/core/commands/command-spec.js';

interface Manifest {
  _metadata: { major_version: number };
  display_information: { name: string; description: string; long_description: string; background_color: string };
  features: {
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; url: string; description: string; usage_hint: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(resolve(import.meta.dirname, '../manifests/slack-app.yaml'), 'utf8')) as Manifest;

describe('manifests/slack-app.yaml (slackapi/manifest-schema 1.0.0 limits)', () => {
  it('fits the schema limits', () => {
    expect([1, 2]).toContain(manifest._metadata.major_version);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-f]{3,6}$/i);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/.{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(2000);
    }
  });

  it('routes commands, interactivity and events to POST /slack/events over HTTP', () => {
    const urls = [...manifest.features.slash_commands.map((c) => c.url), manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    for (const u of urls) expect(new URL(u).pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for the scopes the bot uses, e-mail included, and lets users DM the bot', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'chat:write.public', 'im:write', 'users:read', 'users:read.email', 'app_mentions:read', 'im:history']));
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im']));
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  it('describes the verbs the bot knows', () => {
    const desc = manifest.features.slash_commands[0]!.description;
    for (const c of COMMANDS.filter((x) => x.verb !== 'help')) expect(desc).toContain(c.verb);
  });
});
