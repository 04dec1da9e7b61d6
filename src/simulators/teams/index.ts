/** Entry point of the Microsoft Teams / Bot Framework simulator (style.md §3.10, chat-platforms.md §8–§11). */
export * from './teams.simulator.js';
