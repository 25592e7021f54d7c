export declare function postgresBinDir(): string | null;
export declare const CHROMIUM_PATH: string;
export declare const SOFFICE_PATH: string;
export declare const PDFTOTEXT_PATH: string;
export declare const PDFINFO_PATH: string;
export declare function officeToPdf(files: readonly string[], outdir: string): string[];
export declare function ensureSystemDeps(options?: { log?: (line: string) => void }): string[];
