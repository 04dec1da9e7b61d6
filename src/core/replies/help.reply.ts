import { COMMANDS } from '../commands/command-spec.js';
import { t, type Locale } from '../i18n/index.js';
import type { Reply } from '../ports/chat.port.js';

/** Usage generated from the command specs. `prefix` is `/teamviewer` in Slack, `@TeamViewer` in Teams. */
export function helpReply(prefix: string, intro?: string, locale: Locale = 'en'): Reply {
  const c = t(locale).help;
  const lines = COMMANDS.map((spec) => `\`${prefix} ${c.verbs[spec.verb].usage}\` — ${c.verbs[spec.verb].description}`);
  const examples = COMMANDS.filter((spec) => spec.verb !== 'help')
    .slice(0, 4)
    .map((spec) => `\`${prefix} ${spec.examples[0] ?? spec.usage}\``)
    .join('  ·  ');
  return {
    text: c.text(intro, prefix),
    title: c.title,
    body: [...(intro ? [intro] : []), lines.join('\n')],
    context: [c.examples(examples)],
    severity: 'info',
    lang: locale,
  };
}
