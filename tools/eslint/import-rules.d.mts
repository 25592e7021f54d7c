import type { Rule } from 'eslint';
export declare const noImportCycle: Rule.RuleModule;
export declare const featureBoundary: Rule.RuleModule;
export declare const FEATURE_RULES: { shared: string[]; generator: string[] };
export declare function isRouteFile(file: string): boolean;
export declare function featureImportProblem(
  from: string,
  to: string,
  options: { srcDir: string; shared: readonly string[]; generator: readonly string[] },
): { messageId: string; data?: Record<string, string> } | null;
