import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestBotScopes } from './slack.check.js';

describe('manifestBotScopes', () => {
  it('reads the same bot scopes from manifests/slack-app.yaml as a YAML parser does', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../manifests/slack-app.yaml'), 'utf8');
    const manifest = parse(text) as { oauth_config: { scopes: { bot: string[] } } };
    expect(manifestBotScopes(text)).toEqual(manifest.oauth_config.scopes.bot);
  });

  it('ignores lists outside oauth_config.scopes.bot, comments and quotes', () => {
    const text = ['features:', '  bot_events:', '    - app_mention', 'oauth_config:', '  scopes:', '    # granted at install', '    bot:', '      - "chat:write"', "      - 'commands' # slash", '    user:', '      - search:read', 'settings:', '  x: 1'].join('\n');
    expect(manifestBotScopes(text)).toEqual(['chat:write', 'commands']);
  });
});
