import { describe, expect, it } from 'vitest';
import { parseRosterCsv, RosterFileError } from '../../src/domain/roster.csv.js';

describe('parseRosterCsv', () => {
  it('reads rows by header name, with empty e-mail and division', () => {
    const csv = 'account,name,title,email,division\nAcme,Priya Shah,CFO,priya@acme.test,Finance\n"Acme","Reed, Tom",VP Engineering,,\n';
    expect(parseRosterCsv(csv)).toEqual({
      rows: [
        { line: 2, account: 'Acme', name: 'Priya Shah', title: 'CFO', email: 'priya@acme.test', division: 'Finance' },
        { line: 3, account: 'Acme', name: 'Reed, Tom', title: 'VP Engineering' },
      ],
      bad: [],
      present: new Set(),
    });
  });

  it('reports bad rows by line number and keeps the good ones', () => {
    const csv = [
      'name,account,title,email,division',
      'Priya Shah,Acme,CFO,,',
      ',Acme,CTO,,',
      'Tom Reed,Acme,,,',
      'Dana Lee,Acme,VP,not-an-email,',
      'Ana Ruiz,Acme,Buyer,,Ops,extra',
      'Priya Shah,acme,CFO,,',
      'Sam Oak,Acme,"Head of "IT",,',
      'Lee Park,Globex,COO,,',
    ].join('\n');
    const parsed = parseRosterCsv(csv);
    expect(parsed.rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Priya Shah'],
      [9, 'Lee Park'],
    ]);
    expect(parsed.bad.map((b) => b.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(parsed.bad.slice(0, 5).map((b) => b.problem)).toEqual([
      'the name is empty',
      'Tom Reed has no title',
      '"not-an-email" is not an e-mail address',
      '6 columns where the header has 5 (a comma inside a value needs "quotes")',
      'Priya Shah at acme is already on line 2',
    ]);
    expect([...parsed.present]).toEqual(['acme\u0000tom reed', 'acme\u0000dana lee', 'acme\u0000ana ruiz']);
  });

  it('refuses a file without the required header columns', () => {
    expect(() => parseRosterCsv('company,person\nAcme,Priya\n')).toThrow(new RosterFileError('line 1: the header has no account, name, title column; expected account,name,title,email,division'));
    expect(() => parseRosterCsv('')).toThrow(RosterFileError);
  });
});
