/** Helpers for driving the bot through the simulated Teams connector. */
import type { TeamsMessage, TeamsUser } from '../../src/simulators/index.js';
import type { TestStack } from './stack.js';

export function teamsWorld(s: TestStack) {
  if (!s.teams) throw new Error('this stack runs without Teams');
  return s.teams;
}

/** Everything a bot message shows: text, card JSON (so button data and URLs can be matched too). */
export function cardText(m: TeamsMessage): string {
  return `${m.text ?? ''}\n${JSON.stringify(m.attachments ?? [])}`;
}

/** The bot's session cards in the Teams channel (top level or in threads), oldest first. */
export function teamsCards(s: TestStack): TeamsMessage[] {
  const { sim, channel } = teamsWorld(s);
  return sim.messagesIn(channel.id).filter((m) => m.from === 'bot' && /TeamViewer session s\d/.test(cardText(m)));
}

/** The bot's messages in the user's 1:1 chat, oldest first. */
export function teamsDms(s: TestStack, user: TeamsUser): TeamsMessage[] {
  return teamsWorld(s).sim.messagesIn(teamsWorld(s).sim.personalChat(user).id).filter((m) => m.from === 'bot');
}

/** `data` of the card action `action` (Action.Execute / Submit), e.g. to click Close. */
export function actionData(m: TeamsMessage, action: string): { action: string; value?: string } {
  const found = new RegExp(`"data":\\{"action":"${action.replace('.', '\\.')}"(?:,"value":"([^"]*)")?\\}`).exec(JSON.stringify(m.attachments ?? []));
  if (!found) throw new Error(`no ${action} action in the card`);
  return { action, ...(found[1] ? { value: found[1] } : {}) };
}

/** Links a Teams user to TeamViewer user `tvUserId` through the real routes: `link` in the 1:1 chat, then the browser. */
export async function linkTeamsAgent(s: TestStack, user: TeamsUser, tvUserId: string): Promise<void> {
  const { sim } = teamsWorld(s);
  s.tv.consentAs(tvUserId);
  const before = teamsDms(s, user).filter((m) => /oauth\/teamviewer\/start/.test(cardText(m))).length;
  await sim.sendMessage({ from: user, conversation: sim.personalChat(user), text: 'link' });
  const dm = await sim.waitFor(() => teamsDms(s, user).filter((m) => /oauth\/teamviewer\/start/.test(cardText(m)))[before], 8000);
  const steps = await s.browser.open(linkUrlIn(dm));
  if (steps.at(-1)?.status !== 200) throw new Error(`linking failed: ${steps.at(-1)?.status}`);
}

export function linkUrlIn(m: TeamsMessage): string {
  const url = /"url":"(http[^"]*\/oauth\/teamviewer\/start\?t=[^"]+)"/.exec(JSON.stringify(m.attachments ?? []))?.[1];
  if (!url) throw new Error('no one-time link in the message');
  return url;
}
