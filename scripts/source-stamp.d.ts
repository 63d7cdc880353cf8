/** Types of source-stamp.js, for the tests that import it. */
export const STAMP_FILE: string;
export const root: string;
export function listFiles(dirs: string[], pattern: RegExp): string[];
export function hashFiles(files: string[]): string;
export function sourceStamp(): string;
export function builtStamp(): string | null;
export function webSources(): string[];
