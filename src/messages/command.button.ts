import type { Button } from './message.js';

/**
 * A button that runs a command as if the person had typed it ("Open
 * Cobalt Health" → `/hallway account Cobalt Health`). The accounts feature
 * routes `account.pick`: it re-dispatches `{ command, text }` as the clicker.
 */
export function commandButton(label: string, command: 'callnote' | 'stakeholder' | 'hallway', text: string): Button {
  return { actionId: 'account.pick', label, value: JSON.stringify({ command, text }) };
}
