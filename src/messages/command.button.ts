import type { Button } from './message.js';

export const RUN_COMMAND_ACTION = 'command.run';

/**
 * A button that runs a command as if the person had typed it ("Open
 * Cobalt Health" → `/hallway account Cobalt Health`). The accounts feature
 * routes it: it dispatches `{ command, text }` as the clicker, with the
 * clicker's own role, so it can do nothing they could not type.
 */
export function commandButton(label: string, command: 'callnote' | 'stakeholder' | 'hallway', text: string): Button {
  return { actionId: RUN_COMMAND_ACTION, label, value: JSON.stringify({ command, text }) };
}
