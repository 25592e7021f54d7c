import { InvalidArgumentError } from 'commander';

/** What --year means, the same words for every command that takes one. */
export const YEAR_HELP =
  'the reporting year: staff in post at 31 March of it and events of the financial year ending then, shown with the action plan for the financial year that starts that April (2024: 31 March 2024, 2023/24, plan 2024/25)';

/** A commander option parser for whole numbers in a range; a bad value is a usage error. */
export function integerOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** Reads a secret from standard input (one line), for `--password-stdin`. */
export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
