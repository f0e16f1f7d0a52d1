/** A file that cannot be read at all (not a workbook, not JSON, over a limit): an import reports it as one line. */
export class ImportFormatError extends Error {
  readonly zh: string;
  readonly en: string;
  /** `(zh, en)`, or one 'zh / en' text. */
  constructor(zh: string, en?: string) {
    super(en === undefined ? zh : `${zh} / ${en}`);
    const [z, e] = en === undefined ? [zh.split(' / ')[0]!, zh.split(' / ').slice(1).join(' / ') || zh] : [zh, en];
    this.zh = z;
    this.en = e;
  }
}
