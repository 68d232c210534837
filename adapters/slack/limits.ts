/**
 * Slack Block Kit size limits, checked against Slack's reference
 * (docs.slack.dev/reference/block-kit: blocks, block elements, composition
 * objects, modal views; chat.postMessage for the 40,000-character `text`).
 * Text lengths are characters; the renderers clip to them, and throw for
 * machine values (ids, button values, metadata) because cutting those would
 * silently break routing.
 */
export const SLACK_LIMITS = {
  /** Top-level `text`: Slack truncates messages longer than this. */
  messageText: 40_000,
  blocksPerMessage: 50,
  blocksPerModal: 100,
  blockId: 255,
  actionId: 255,
  callbackId: 255,

  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  /** A context element is a text object, whose generic limit is 3000. */
  contextText: 3000,
  contextElements: 10,
  actionsElements: 25,

  /**
   * Slack documents no length limit for rich_text; this is our budget per
   * rich_text block, the same as a section's text, so no block outgrows
   * what Slack accepts elsewhere.
   */
  richText: 3000,
  /** Our own bound, so one long list cannot push the buttons out of the 50 blocks. */
  listItems: 50,
  imageAltText: 2000,

  buttonText: 75,
  buttonValue: 2000,

  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  placeholder: 150,
  plainTextInputMaxLength: 3000,
  selectOptions: 100,
  checkboxOptions: 10,
  optionText: 75,
  optionValue: 150,
} as const;
