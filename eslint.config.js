// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const forbid = (patterns, message) => ({ patterns: patterns.map((group) => ({ group: [group], message })) });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.sandbox/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': 'error',
      // Port implementations return promises by contract even when a store answers synchronously.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  // Package-level bans. Folder-level layering (core imports no adapter, simulators import nothing from the bot)
  // is checked precisely by test/architecture.test.ts, which resolves every relative import.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/chat/slack/**'],
    rules: { 'no-restricted-imports': ['error', forbid(['@slack/*'], 'only src/chat/slack imports @slack/* (style.md §3.2)')] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbid(['@slack/*', 'botbuilder*', 'undici', 'lowdb*', 'nodemailer', 'pino', 'smtp-server', 'mailparser'], 'core/ talks to the world through its ports only (style.md §3.1)')],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
