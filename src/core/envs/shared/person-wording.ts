/**
 * Rule hints are written for a model student: they name the `<answer>` tags its reply must use and the
 * `#` walls of the text maze it was shown. A person types into an answer box (the page adds the tags)
 * and sees a drawn board, so the same hint reads as jargon. `personWording` rewrites the lab's own
 * format phrases into the person's terms; it is the one place that knows them (the unit test runs
 * every environment's hints through it and checks that no model-format phrase is left).
 */

/** Sentences that only remind a model to add or close its tags: a person's answer always has them. */
const TAG_REMINDER =
  /(^|(?<=[.:!?]) )(?:Also |Next time )?(?:put|close) (?:your|the) [^.]*?(?:<\/answer>|<answer><\/answer>)(?: tags)?\.\s*/gi;

/** Phrase → the person's wording, applied in order after the reminders are dropped. */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/Your answer tag is empty: put your moves inside it/g, 'Your answer is empty: type your moves'],
  [/, with no other text inside the tags/g, ', with nothing else in the box'],
  [/\bInside the answer tags\b/g, 'In the answer box'],
  [/\binside (?:the )?<answer><\/answer>(?: tags)?/gi, 'in the answer box'],
  [/\binside (?:the )?answer tags\b/gi, 'in the answer box'],
  [/\bthe answer tags\b/gi, 'the answer box'],
  // An example such as `<answer>R</answer>` becomes what the person would type: `R`.
  [/<answer>([\s\S]*?)<\/answer>/g, '$1'],
  // The text maze marks walls with #; the drawn board does not.
  [/ \(#\)/g, ''],
];

/**
 * A rule hint as a person should read it: tag reminders dropped, "inside the answer tags" as "in the
 * answer box", tagged examples untagged, no `#` legend. Text without those phrases is returned as is;
 * a hint that is only a reminder is kept, in the person's words, rather than emptied.
 */
export function personWording(text: string): string {
  return rephrase(text.replace(TAG_REMINDER, '$1')) || rephrase(text);
}

function rephrase(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PHRASES) out = out.replace(pattern, replacement);
  return out.replace(/\s{2,}/g, ' ').trim();
}

/** Whether `text` still speaks to a model about its reply format (tags, the text maze's `#`). */
export function hasModelFormatWords(text: string): boolean {
  return /<\/?answer>|answer tags?\b|\(#\)/i.test(text);
}
