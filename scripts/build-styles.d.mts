export declare function buildStyles(): { bytes: number; ms: number };
