import { COMMANDS } from '../commands/command-spec.js';
import type { Reply } from '../ports/chat.port.js';

/** Usage generated from the command specs. `prefix` is `/teamviewer` in Slack, `@TeamViewer` in Teams. */
export function helpReply(prefix: string, intro?: string): Reply {
  const lines = COMMANDS.map((c) => `\`${prefix} ${c.usage}\` — ${c.description}`);
  const examples = COMMANDS.filter((c) => c.verb !== 'help')
    .slice(0, 4)
    .map((c) => `\`${prefix} ${c.examples[0] ?? c.usage}\``)
    .join('  ·  ');
  return {
    text: `${intro ? `${intro} ` : ''}TeamViewer remote support. Try: ${prefix} start INC0010023`,
    title: 'TeamViewer remote support',
    body: [...(intro ? [intro] : []), lines.join('\n')],
    context: [`Examples: ${examples}`],
    severity: 'info',
  };
}
