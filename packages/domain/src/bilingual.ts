/**
 * The server stores the reasons it writes itself (a delivery's "3 次发送均无应答 no answer after 3 sends", a state
 * change's note) in both languages at once, Chinese first: one column serves the Chinese report and the English
 * console. This gives the part in the reader's language (the console's, or Chinese for a printed workbook). Text with
 * no Chinese (a terminal's own code such as `not_yet_valid`, or English someone typed) or nothing after its Chinese is
 * shown whole.
 */

/** CJK ideographs and the full-width punctuation Chinese text ends with. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

export function inLanguage(text: string, lang: string): string {
  let last = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    if (CHINESE.test(text[i]!)) {
      last = i;
      break;
    }
  }
  const zh = text.slice(0, last + 1).trim();
  const en = text.slice(last + 1).trim();
  if (last < 0 || en === '') return text;
  return lang.startsWith('en') ? en : zh;
}
