/**
 * The platform-neutral message and form model. Every string here is plain,
 * untrusted text: only the platform renderers escape it and clip it.
 */

export interface Button {
  /** Routes the click back to the core, e.g. "story.hear_more". */
  actionId: string;
  label: string;
  /** Opaque payload handed back with the click (an id, a small JSON string). */
  value: string;
  style?: 'primary' | 'danger';
}

export interface Field {
  label: string;
  value: string;
}

export type Block =
  | { type: 'header'; text: string }
  /** A section title inside a message: bold, smaller than the header. */
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string }
  /** Items shown one a line on every platform (Teams joins single line breaks into one paragraph). */
  | { type: 'list'; items: string[]; ordered?: boolean }
  | { type: 'quote'; text: string; by?: string }
  | { type: 'fields'; fields: Field[] }
  | { type: 'person'; name: string; title?: string; account?: string }
  | { type: 'context'; text: string }
  | { type: 'divider' }
  | { type: 'actions'; buttons: Button[] }
  | ImageBlock;

/**
 * A picture the core drew (a PNG). Teams shows it inline; Slack needs it
 * uploaded first, so the adapter uploads it and hands the renderer its file
 * id. Where it cannot be shown, `fallback` is shown as text instead.
 */
export interface ImageBlock {
  type: 'image';
  /** Names the image within its message, e.g. "digest-trend". */
  key: string;
  png: Uint8Array;
  /** What the picture says, for screen readers and as Slack's alt_text. */
  alt: string;
  fallback: string;
}

export interface Message {
  /** Plain fallback: notifications, screen readers, clients without cards. */
  text: string;
  blocks: Block[];
}

export interface Option {
  label: string;
  value: string;
}

interface FieldBase {
  id: string;
  label: string;
  required?: boolean;
}

export type FormField =
  | (FieldBase & { kind: 'text'; value?: string; placeholder?: string; maxLength?: number })
  | (FieldBase & { kind: 'multiline'; value?: string; placeholder?: string; maxLength?: number })
  | (FieldBase & { kind: 'select'; options: Option[]; value?: string; placeholder?: string })
  | (FieldBase & { kind: 'date'; value?: string /* YYYY-MM-DD */ })
  | (FieldBase & { kind: 'checkbox'; value?: boolean });

export interface Form {
  /** Routes the submission back to the core, e.g. "note.form". */
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Opaque state carried through the form and returned on submit. */
  state?: string;
  /** Read-only content shown above the fields (what a step of a guided flow already knows). */
  blocks?: Block[];
  /**
   * Buttons beside the submit (Back, Skip): a click routes as an action and
   * ignores what was typed, so it never trips required fields.
   */
  buttons?: Button[];
}

export type FormValues = Record<string, string | boolean | undefined>;
