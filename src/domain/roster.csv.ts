import { parse } from 'csv-parse/sync';
import { cleanText } from '../chat/input.normaliser.js';
import { cleanName, MAX_NAME_LENGTH, nameProblem } from './names.js';
import { personKey, type RosterRow } from './roster.diff.js';

export interface BadRow {
  line: number;
  problem: string;
}

export interface ParsedRoster {
  rows: RosterRow[];
  bad: BadRow[];
  /** People named by bad rows whose account and name could still be read: not departures. */
  present: Set<string>;
}

export const ROSTER_COLUMNS = ['account', 'name', 'title', 'email', 'division'] as const;
const REQUIRED = ['account', 'name', 'title'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a roster CSV (CONTRACT.md: a header, then account,name,title,email,division).
 * Columns are found by their header names; a broken row is reported by line
 * number and the others still count.
 */
export function parseRosterCsv(text: string): ParsedRoster {
  const bad: BadRow[] = [];
  const records = parse(cleanText(text), {
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err) bad.push({ line: Number(err.lines), problem: err.message.replace(/^Invalid (Opening|Closing) Quote: /, '') });
      return undefined;
    },
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;

  const [header, ...body] = records;
  if (!header) throw new RosterFileError('the file is empty; expected a header row: account,name,title,email,division');
  const columns = header.record.map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new RosterFileError(`line ${header.info.lines}: the header has no ${missing.join(', ')} column; expected account,name,title,email,division`);
  }
  const at = (record: string[], column: string) => {
    const i = columns.indexOf(column);
    return i >= 0 ? cleanName(record[i] ?? '') : '';
  };

  const rows: RosterRow[] = [];
  const present = new Set<string>();
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const account = at(record, 'account');
    const name = at(record, 'name');
    const readable = !nameProblem(account) && !nameProblem(name);
    const problem = rowProblem(record.length, columns.length, { account, name, title: at(record, 'title'), email: at(record, 'email') });
    const key = readable ? personKey(account, name) : undefined;
    if (problem) {
      if (key) present.add(key);
      bad.push({ line, problem });
      continue;
    }
    if (key && seen.has(key)) {
      bad.push({ line, problem: `${name} at ${account} is already on line ${seen.get(key)}` });
      continue;
    }
    if (key) seen.set(key, line);
    const email = at(record, 'email');
    const division = at(record, 'division');
    rows.push({ line, account, name, title: at(record, 'title'), ...(email ? { email } : {}), ...(division ? { division } : {}) });
  }
  bad.sort((a, b) => a.line - b.line);
  return { rows, bad, present };
}

function rowProblem(got: number, expected: number, f: { account: string; name: string; title: string; email: string }): string | undefined {
  // Fewer columns is fine (trailing empty e-mail/division); more means a stray comma.
  if (got > expected) return `${got} columns where the header has ${expected} (a comma inside a value needs "quotes")`;
  const accountProblem = nameProblem(f.account);
  if (accountProblem) return `the account ${f.account ? `"${f.account}" ` : ''}${accountProblem}`;
  const nameIssue = nameProblem(f.name);
  if (nameIssue) return `the name ${f.name ? `"${f.name}" ` : ''}${nameIssue}`;
  if (f.title === '') return `${f.name} has no title`;
  if (f.title.length > MAX_NAME_LENGTH) return `the title is ${f.title.length} characters long; ${MAX_NAME_LENGTH} at most`;
  if (f.email !== '' && !EMAIL.test(f.email)) return `"${f.email}" is not an e-mail address`;
  return undefined;
}

/** The file as a whole cannot be read (no header, wrong header). */
export class RosterFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterFileError';
  }
}
