import type { ESLint, Rule } from 'eslint';

/** collection name → the one file (relative to the project root) that may open it */
export function readOwners(root?: string): Record<string, string>;
export const collectionOwner: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
