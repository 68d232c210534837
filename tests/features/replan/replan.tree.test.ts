import { describe, expect, it } from 'vitest';
import { holds, nextStep, planOf, readStep, skipStep, stepOf, treeProblems, type ReplanTree } from '../../../src/features/replan/replan.engine.js';
import { REPLAN_TREE } from '../../../src/features/replan/replan.tree.js';

const step = (id: string) => stepOf(REPLAN_TREE, id)!;

describe('the re-plan tree', () => {
  it('can be walked: every step reachable, no loop, always an end', () => {
    expect(treeProblems(REPLAN_TREE)).toEqual([]);
  });

  it('reports what a broken extension gets wrong', () => {
    const broken: ReplanTree = {
      start: 'a',
      followUp: 'x',
      steps: [
        { id: 'a', title: 'A', heading: 'a', fields: [{ id: 'f', kind: 'text', label: 'f' }], next: [{ if: { fact: 'x', equals: true }, goto: 'b' }] },
        { id: 'b', title: 'B', heading: 'b', fields: [{ id: 'f', kind: 'text', label: 'f' }], next: [{ goto: 'a' }] },
        { id: 'c', title: 'A title far longer than Slack allows', heading: 'c', fields: [], next: [{ goto: 'nowhere' }] },
      ],
    };
    expect(treeProblems(broken)).toEqual([
      'step "a": the last "next" needs no condition, or the flow can stop there',
      'field "f" appears twice',
      'step "c": title is longer than 24 characters',
      'step "c" goes to "nowhere", which does not exist',
      'no last step (one without "next")',
      'a loop: a → b → a',
      'step "c" cannot be reached from the start',
    ]);
  });

  it('branches after preferences: handover for a reachable champion, readiness when ready is low, else the first touch', () => {
    const prefs = step('preferences');
    expect(nextStep(prefs, { replacedChampion: true, previousReachable: true })).toBe('handover');
    expect(nextStep(prefs, { replacedChampion: true, previousReachable: false })).toBe('first_touch');
    expect(nextStep(prefs, { ready: 'low' })).toBe('readiness');
    expect(nextStep(prefs, { ready: 'medium' })).toBe('first_touch');
    expect(nextStep(step('handover'), { ready: 'low' })).toBe('readiness');
    expect(nextStep(step('summary'), {})).toBeUndefined();
    expect(holds({ any: [{ fact: 'a', in: ['x', 'y'] }, { fact: 'b', equals: false }] }, { a: 'y' })).toBe(true);
  });

  it('reads a step, refusing a past date, a fourth objective and a choice that is not offered', () => {
    const today = '2026-11-23';
    expect(readStep(step('first_touch'), { intro_by: '2026-11-20' }, {}, today)).toEqual({ ok: false, problem: '2026-11-20 is already past; pick today or a later day.' });
    expect(readStep(step('objectives'), { objectives: 'a\nb\nc\nd' }, {}, today)).toMatchObject({ ok: false, problem: expect.stringContaining('more than the top 3') });
    expect(readStep(step('style'), { style: 'chaotic' }, {}, today)).toMatchObject({ ok: false, problem: '"chaotic" is not one of the choices for Style.' });
    expect(readStep(step('style'), { style: 'hands-on', style_notes: '' }, { style_notes: 'old' }, today)).toEqual({ ok: true, answers: { style: 'hands-on' } });
    expect(skipStep(step('style'), { style: 'hands-on', objectives: 'x' })).toEqual({ objectives: 'x' });
  });

  it('adds the walked answers up into what goes on the person', () => {
    const answers = { objectives: '1. Close in 3 days\n- Cut audit fees', style: 'data-driven', style_notes: 'numbers first', channel: 'email', avoid: 'surprise calls', intro_by: '2026-12-01', readiness: 'not walked' };
    expect(planOf(REPLAN_TREE, ['known', 'objectives', 'style', 'preferences', 'first_touch'], answers)).toEqual({
      objectives: ['Close in 3 days', 'Cut audit fees'],
      operatingStyle: 'Data-driven — numbers first',
      preferences: 'Channel: E-mail; Avoid: surprise calls',
      firstTouchBy: '2026-12-01',
      lines: [
        { label: 'Objectives', value: '1. Close in 3 days\n- Cut audit fees' },
        { label: 'Style', value: 'Data-driven' },
        { label: 'Style notes', value: 'numbers first' },
        { label: 'Channel', value: 'E-mail' },
        { label: 'Avoid', value: 'surprise calls' },
        { label: 'Intro call by', value: '2026-12-01' },
      ],
    });
  });
});
