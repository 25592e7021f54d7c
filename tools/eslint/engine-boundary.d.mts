import type { Linter, Rule } from 'eslint';
export declare const engineBoundary: Rule.RuleModule;
export declare const engineRules: Linter.RulesRecord;
