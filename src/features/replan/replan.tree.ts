import type { ReplanTree } from './replan.engine.js';

/*
 * The guided re-plan after a stakeholder change, as data. To extend it, add
 * a step (fields, and where it goes next under which condition) and point an
 * earlier step's `next` at it; tests/features/replan/replan.tree.test.ts
 * checks that every step is reachable and the flow always ends.
 *
 * Facts a condition may test (replan.facts.ts), besides any answer by field id:
 *   change            joined | replaced | role_changed | left | none
 *   replacedChampion  true when the person who left held a champion role
 *   previousReachable true when the person who left is still at the customer or has an e-mail on file
 *   ready             low | medium | high, from discovery when known, or from the first step
 */
export const REPLAN_TREE: ReplanTree = {
  start: 'known',
  followUp: 'Intro call with {name}',
  steps: [
    {
      id: 'known',
      title: 'Re-plan: what we know',
      heading: 'Re-learn {name}',
      text: 'What we know of {first} today, and what we do not. The next steps fill the gaps; Skip any you cannot answer yet.',
      show: 'known',
      fields: [
        {
          id: 'ready',
          kind: 'select',
          label: 'How ready is {first} to change the way things are done?',
          short: 'Ready to change',
          prefill: 'ready',
          options: [
            { label: 'Low', value: 'low' },
            { label: 'Medium', value: 'medium' },
            { label: 'High', value: 'high' },
          ],
          placeholder: "Don't know yet",
        },
      ],
      next: [{ goto: 'objectives' }],
    },
    {
      id: 'objectives',
      title: 'Re-plan: objectives',
      heading: "{first}'s top objectives",
      text: 'The two or three things {first} is personally measured on, one a line.',
      fields: [{ id: 'objectives', kind: 'multiline', label: 'Top 2–3 objectives', short: 'Objectives', saveTo: 'objectives', prefill: 'objectives', maxLength: 600 }],
      next: [{ goto: 'style' }],
    },
    {
      id: 'style',
      title: 'Re-plan: style',
      heading: 'How {first} works',
      text: 'Written down so far: {operatingStyle}',
      fields: [
        {
          id: 'style',
          kind: 'select',
          label: 'Operating style',
          short: 'Style',
          saveTo: 'operatingStyle',
          options: [
            { label: 'Data-driven', value: 'data-driven' },
            { label: 'Relationship-first', value: 'relationship-first' },
            { label: 'Hands-on', value: 'hands-on' },
            { label: 'Delegating', value: 'delegating' },
          ],
        },
        { id: 'style_notes', kind: 'text', label: 'In your words', short: 'Style notes', saveTo: 'operatingStyle', placeholder: 'e.g. wants the numbers before any meeting', maxLength: 300 },
      ],
      next: [{ goto: 'preferences' }],
    },
    {
      id: 'preferences',
      title: 'Re-plan: preferences',
      heading: 'What {first} prefers',
      text: 'Written down so far: {preferences}',
      fields: [
        {
          id: 'channel',
          kind: 'select',
          label: 'Channel',
          short: 'Channel',
          saveTo: 'preferences',
          options: [
            { label: 'E-mail', value: 'email' },
            { label: 'Phone', value: 'phone' },
            { label: 'Chat', value: 'chat' },
            { label: 'In person', value: 'in-person' },
          ],
        },
        {
          id: 'cadence',
          kind: 'select',
          label: 'Cadence',
          short: 'Cadence',
          saveTo: 'preferences',
          options: [
            { label: 'Weekly', value: 'weekly' },
            { label: 'Every two weeks', value: 'biweekly' },
            { label: 'Monthly', value: 'monthly' },
            { label: 'Quarterly', value: 'quarterly' },
          ],
        },
        { id: 'avoid', kind: 'text', label: 'What to avoid', short: 'Avoid', saveTo: 'preferences', placeholder: 'e.g. surprise calls, long decks', maxLength: 300 },
      ],
      next: [
        { if: { all: [{ fact: 'replacedChampion', equals: true }, { fact: 'previousReachable', equals: true }] }, goto: 'handover' },
        { if: { fact: 'ready', equals: 'low' }, goto: 'readiness' },
        { goto: 'first_touch' },
      ],
    },
    {
      id: 'handover',
      title: 'Re-plan: handover',
      heading: 'Hand over with {previous}',
      text: '{previousFirst} was our champion. While they can still be reached: who should introduce us to {first}, and what must {first} hear from them?',
      fields: [
        { id: 'handover', kind: 'multiline', label: 'Handover plan', short: 'Handover', placeholder: 'e.g. ask Tom for a three-way intro; brief Priya on the pilot', maxLength: 600 },
        { id: 'handover_by', kind: 'date', label: 'Talk to {previousFirst} by', short: 'Handover by' },
      ],
      next: [{ if: { fact: 'ready', equals: 'low' }, goto: 'readiness' }, { goto: 'first_touch' }],
    },
    {
      id: 'readiness',
      title: 'Re-plan: readiness',
      heading: 'What would make {first} ready?',
      text: '{first} is not ready to change yet. What would move that: a proof, a peer, a smaller first step, a cost they could bear?',
      fields: [{ id: 'readiness', kind: 'multiline', label: 'What would change it', short: 'What would make them ready', maxLength: 600 }],
      next: [{ goto: 'first_touch' }],
    },
    {
      id: 'first_touch',
      title: 'Re-plan: first touch',
      heading: 'First touch with {first}',
      text: 'Listen before you sell: an intro call to hear what {first} needs. The date becomes a follow-up for you.',
      fields: [
        { id: 'intro_by', kind: 'date', label: 'Intro call by', short: 'Intro call by', saveTo: 'firstTouchBy' },
        { id: 'intro_note', kind: 'text', label: 'What to ask first', short: 'Ask first', maxLength: 300 },
      ],
      next: [{ goto: 'summary' }],
    },
    {
      id: 'summary',
      title: 'Re-plan: summary',
      heading: 'The plan for {first}',
      text: 'Saving writes this on {first} and closes the change.',
      show: 'summary',
      fields: [],
    },
  ],
};
