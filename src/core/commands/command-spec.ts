/** Declarative command specs (hubot command-bus style): help text is generated from these, never written twice. */
export type Verb = 'start' | 'close' | 'share' | 'status' | 'connect' | 'logs' | 'report' | 'link' | 'unlink' | 'help';

export interface Invocation {
  verb: Verb;
  ticket?: string;
  email?: string;
  /** `report`: the window, in the asking user's time zone. */
  period?: 'today' | 'week';
  /** `report`: one agent, as a chat user id (`<@U123>`) or a name typed after `@`. */
  agent?: { userId: string } | { name: string };
  /** The words after the verb, as typed (for help on a specific verb). */
  rest: string[];
}

export interface CommandSpec {
  verb: Verb;
  aliases: readonly string[];
  usage: string;
  description: string;
  examples: readonly string[];
  /** Needs a linked TeamViewer account. */
  needsLink: boolean;
  /** Changes something outside the bot (TeamViewer, the ticket, an e-mail). */
  sideEffects: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    verb: 'start',
    aliases: ['new', 'open'],
    usage: 'start <ticket> [e-mail]',
    description: 'Create a TeamViewer session for a ticket, invite the requester by e-mail and post join buttons here.',
    examples: ['start INC0010023', 'start INC0010023 jane.doe@example.com'],
    needsLink: true,
    sideEffects: true,
  },
  {
    verb: 'close',
    aliases: ['end', 'stop'],
    usage: 'close <ticket>',
    description: "Close the ticket's open session (only the agent who started it).",
    examples: ['close INC0010023'],
    needsLink: true,
    sideEffects: true,
  },
  {
    verb: 'share',
    aliases: ['resend', 'invite'],
    usage: 'share <ticket> [e-mail]',
    description: 'Send the customer link again, to the requester or to another address.',
    examples: ['share INC0010023', 'share INC0010023 jane.doe@example.com'],
    needsLink: true,
    sideEffects: true,
  },
  {
    verb: 'status',
    aliases: ['show', 'list'],
    usage: 'status [ticket]',
    description: "Show a ticket's session, or all your open sessions.",
    examples: ['status INC0010023', 'status'],
    needsLink: false,
    sideEffects: false,
  },
  {
    verb: 'connect',
    aliases: ['unattended', 'device'],
    usage: 'connect <ticket>',
    description: "Connect to the ticket's computer without the customer (unattended), through the TeamViewer ID stored on its asset.",
    examples: ['connect INC0010023'],
    needsLink: false,
    sideEffects: true,
  },
  {
    verb: 'logs',
    aliases: ['log', 'history'],
    usage: 'logs <ticket>',
    description: "Show the connection log of the ticket's latest session: who connected to what, when and for how long.",
    examples: ['logs INC0010023'],
    needsLink: false,
    sideEffects: false,
  },
  {
    verb: 'report',
    aliases: ['stats', 'summary'],
    usage: 'report [today|week] [@agent]',
    description: 'Sessions, connections and connected time per agent, today or this week, in your time zone.',
    examples: ['report', 'report week', 'report week @beth'],
    needsLink: false,
    sideEffects: false,
  },
  {
    verb: 'link',
    aliases: ['login', 'relink'],
    usage: 'link',
    description: 'Link (or re-link) your TeamViewer account; I send you a one-time link by direct message.',
    examples: ['link'],
    needsLink: false,
    sideEffects: false,
  },
  {
    verb: 'unlink',
    aliases: ['logout'],
    usage: 'unlink',
    description: 'Revoke and forget your TeamViewer link.',
    examples: ['unlink'],
    needsLink: false,
    sideEffects: true,
  },
  {
    verb: 'help',
    aliases: ['?', 'usage'],
    usage: 'help',
    description: 'Show this help.',
    examples: ['help'],
    needsLink: false,
    sideEffects: false,
  },
];

export function findSpec(word: string): CommandSpec | undefined {
  const w = word.toLowerCase();
  return COMMANDS.find((c) => c.verb === w || c.aliases.includes(w));
}
