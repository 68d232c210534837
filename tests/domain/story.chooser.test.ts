import { describe, expect, it } from 'vitest';
import { chooseStory, type StoryCandidate } from '../../src/domain/story.chooser.js';

const now = new Date('2027-03-01T10:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const note = (noteId: string, accountId: string, age: number, tags: string[] = []): StoryCandidate => ({ noteId, accountId, metAt: daysAgo(age), tags });
const none = { tags: [], shown: new Set<string>() };

describe('chooseStory', () => {
  it('never repeats a note in the channel', () => {
    const all = [note('n1', 'acme', 1), note('n2', 'acme', 2)];
    expect(chooseStory(all, { ...none, shown: new Set(['n1']) }, now)).toEqual({ ok: true, candidate: all[1] });
  });

  it('prefers the newest note from the last 30 days over an older one', () => {
    const all = [note('old', 'acme', 45), note('mid', 'acme', 20), note('new', 'acme', 3)];
    expect(chooseStory(all, none, now)).toMatchObject({ candidate: { noteId: 'new' } });
    expect(chooseStory(all, { ...none, shown: new Set(['new']) }, now)).toMatchObject({ candidate: { noteId: 'mid' } });
  });

  it('avoids the account shown most recently, even for an older note, but shows it rather than nothing', () => {
    const all = [note('acme-new', 'acme', 1), note('globex-old', 'globex', 60)];
    expect(chooseStory(all, { ...none, lastAccountId: 'acme' }, now)).toMatchObject({ candidate: { noteId: 'globex-old' } });
    expect(chooseStory([all[0]!], { ...none, lastAccountId: 'acme' }, now)).toMatchObject({ candidate: { noteId: 'acme-new' } });
  });

  it("keeps to the channel's tags", () => {
    const all = [note('pay', 'acme', 10, ['payments']), note('infra', 'globex', 1, ['infra'])];
    expect(chooseStory(all, { ...none, tags: ['payments'] }, now)).toMatchObject({ candidate: { noteId: 'pay' } });
  });

  it('says why there is nothing', () => {
    expect(chooseStory([], none, now)).toEqual({ ok: false, why: { code: 'no_notes' } });
    const all = [note('a', 'acme', 1, ['infra']), note('b', 'acme', 2, ['infra'])];
    expect(chooseStory(all, { ...none, tags: ['payments'] }, now)).toEqual({ ok: false, why: { code: 'no_tag_match', tags: ['payments'] } });
    expect(chooseStory(all, { ...none, shown: new Set(['a', 'b']) }, now)).toEqual({ ok: false, why: { code: 'all_shown', total: 2, tags: [] } });
  });

  it('breaks ties on the note id, so the same state always gives the same story', () => {
    const all = [note('b', 'acme', 5), note('a', 'globex', 5)];
    expect(chooseStory(all, none, now)).toMatchObject({ candidate: { noteId: 'a' } });
    expect(chooseStory([...all].reverse(), none, now)).toMatchObject({ candidate: { noteId: 'a' } });
  });

  it('"not useful" steers away from stories sharing a pain or a tag, beyond the channel\'s own filter, but never to nothing', () => {
    const withPains = (n: StoryCandidate, pains: string[]): StoryCandidate => ({ ...n, pains });
    const recon = withPains(note('recon', 'acme', 1, ['finance']), ['manual reconciliation']);
    const reconToo = withPains(note('recon-too', 'globex', 2), ['manual reconciliation']);
    const tagged = withPains(note('tagged', 'initech', 3, ['finance']), ['slow exports']);
    const other = withPains(note('other', 'umbrella', 40), ['no sso']);
    const all = [recon, reconToo, tagged, other];
    const disliked = [{ pains: ['Manual reconciliation'], tags: ['finance'] }];
    expect(chooseStory(all, { ...none, disliked }, now)).toMatchObject({ candidate: { noteId: 'other' } });
    // The channel's own filter is no likeness: every story here has it.
    expect(chooseStory([tagged, recon], { ...none, tags: ['finance'], disliked: [{ pains: [], tags: ['finance'] }] }, now)).toMatchObject({ candidate: { noteId: 'recon' } });
    expect(chooseStory([recon, reconToo], { ...none, disliked }, now)).toMatchObject({ candidate: { noteId: 'recon' } });
  });
});
