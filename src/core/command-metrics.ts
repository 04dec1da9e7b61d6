import { findSpec } from './commands/command-spec.js';
import { parseCommand } from './commands/parse.js';
import type { Acknowledgement } from './core.js';
import type { CoreDeps } from './deps.js';
import { toBotError } from './errors.js';
import type { Interaction } from './interaction.js';
import type { CommandOutcome } from './ports/metrics.port.js';
import { ACTIONS } from './replies/session-card.reply.js';

/** Buttons counted under the verb they stand for; link-only buttons (join, open link) are acknowledged, nothing more. */
const ACTION_VERBS: Record<string, string> = {
  [ACTIONS.close]: 'close',
  [ACTIONS.share]: 'share',
  [ACTIONS.newLink]: 'link',
  [ACTIONS.openLink]: 'link',
  [ACTIONS.joinApp]: 'join',
  [ACTIONS.joinWeb]: 'join',
  [ACTIONS.connect]: 'connect',
};

function firstWord(text: string): string {
  return text.replace(/\u00a0/g, ' ').trim().split(/\s+/)[0] ?? '';
}

/** The grammar verb of a typed command; `unknown` for words the grammar does not know (they get the help text). */
export function commandVerb(text: string): string {
  const first = firstWord(text);
  if (!first) return 'help';
  return findSpec(first)?.verb ?? 'unknown';
}

export function actionVerb(actionId: string): string {
  // hasOwn: an action id like `constructor` must not reach the label as Object.prototype's function.
  return Object.hasOwn(ACTION_VERBS, actionId) ? (ACTION_VERBS[actionId] ?? 'unknown') : 'unknown';
}

export function outcomeOf(err: unknown): CommandOutcome {
  return toBotError(err).kind === 'user' ? 'user_error' : 'error';
}

/**
 * Counts a command that `handle` ran. `help` is left out: every help answer (and every unknown word) is complete at
 * the acknowledgement and counted there; a surface that posts that help afterwards is not a second command.
 */
export function countHandled(deps: CoreDeps, interaction: Interaction, outcome: CommandOutcome): void {
  if (!deps.metrics) return;
  const verb = interaction.input.kind === 'command' ? commandVerb(interaction.input.text) : actionVerb(interaction.input.actionId);
  if (verb === 'help') return;
  deps.metrics.commandFinished(verb, interaction.actor.surface, outcome);
}

/** Counts the commands the acknowledgement alone answered: help, unknown words, arguments that do not parse. */
export function countAcknowledged(deps: CoreDeps, interaction: Interaction, ack: Acknowledgement): Acknowledgement {
  if (!deps.metrics || !ack.done || interaction.input.kind !== 'command') return ack;
  const text = interaction.input.text;
  const verb = commandVerb(text);
  let outcome: CommandOutcome = verb === 'unknown' ? 'user_error' : 'ok';
  try {
    parseCommand(text);
  } catch (err) {
    outcome = outcomeOf(err);
  }
  deps.metrics.commandFinished(verb, interaction.actor.surface, outcome);
  return ack;
}
