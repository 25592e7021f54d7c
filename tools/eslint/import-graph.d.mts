export declare function importSpecifiers(text: string): string[];
export declare function resolveImport(fromFile: string, specifier: string): string | null;
export declare class ImportGraph {
  targets(file: string): string[];
  shortestPath(from: string, to: string, targetsOf?: (file: string) => string[]): string[] | null;
}
export declare function sourceFiles(folders: readonly string[]): string[];
export declare function findCycles(files: readonly string[], graph?: ImportGraph): string[][];
