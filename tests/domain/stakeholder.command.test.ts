import { describe, expect, it } from 'vitest';
import { parseStakeholderCommand } from '../../src/domain/stakeholder.command.js';

describe('parseStakeholderCommand', () => {
  it('reads add … as … replacing …', () => {
    expect(parseStakeholderCommand('Acme Corp add Priya Shah as CFO replacing Tom Reed')).toEqual({
      ok: true,
      command: { verb: 'add', account: 'Acme Corp', name: 'Priya Shah', role: 'CFO', replacing: 'Tom Reed' },
    });
  });

  it('reads add without replacing, with a role of several words', () => {
    expect(parseStakeholderCommand('acme add Dana Lee as VP Engineering')).toEqual({
      ok: true,
      command: { verb: 'add', account: 'acme', name: 'Dana Lee', role: 'VP Engineering' },
    });
  });

  it('takes an account whose name holds a verb when the first reading makes no sense', () => {
    expect(parseStakeholderCommand('Left Bank left Tom Reed')).toEqual({ ok: true, command: { verb: 'left', account: 'Left Bank', name: 'Tom Reed' } });
    expect(parseStakeholderCommand('Add Systems list')).toEqual({ ok: true, command: { verb: 'list', account: 'Add Systems' } });
  });

  it('reads objectives split on semicolons', () => {
    expect(parseStakeholderCommand('Acme objectives Priya Shah: close the books in 3 days; cut audit fees;')).toEqual({
      ok: true,
      command: { verb: 'objectives', account: 'Acme', name: 'Priya Shah', objectives: ['close the books in 3 days', 'cut audit fees'] },
    });
  });

  it('reads edit and list', () => {
    expect(parseStakeholderCommand('Acme edit Priya Shah')).toEqual({ ok: true, command: { verb: 'edit', account: 'Acme', name: 'Priya Shah' } });
    expect(parseStakeholderCommand('Acme replan Priya Shah')).toEqual({ ok: true, command: { verb: 'replan', account: 'Acme', name: 'Priya Shah' } });
    expect(parseStakeholderCommand('Acme replan')).toMatchObject({ ok: false, problem: 'The name is missing.' });
    expect(parseStakeholderCommand('Acme  list')).toEqual({ ok: true, command: { verb: 'list', account: 'Acme' } });
  });

  it.each([
    ['', 'Which account, and what changed?'],
    ['Acme hired Priya', 'I could not find what changed: add, left, objectives, edit, replan or list.'],
    ['Acme add Priya Shah', 'I could not find "as <role>" in "Priya Shah".'],
    ['Acme add <@U123> as CFO', 'The name "<@U123>" holds a mention or a channel link; write the name as plain text.'],
    ['Acme add Priya as CFO replacing priya', 'Priya cannot replace themselves.'],
    ['Acme objectives Priya Shah close books', 'Put a colon between the name and the objectives.'],
    ['Acme objectives Priya Shah: ; ', 'No objectives after the colon for Priya Shah.'],
    ['Acme objectives Priya: a; b; c; d; e; f', '6 objectives is more than the top 5; keep the two or three that matter most.'],
    ['Acme left', 'The name is missing.'],
    ['Acme list everything', '"list" takes nothing after it, but I got "everything".'],
  ])('explains what is wrong with %j', (text, problem) => {
    const parsed = parseStakeholderCommand(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toBe(problem);
      expect(parsed.hint).toMatch(/^Write it as \/stakeholder <account> /);
    }
  });
});
