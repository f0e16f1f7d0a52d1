import dayjs from 'dayjs';

/**
 * Dates as typed from the notice: separated by spaces, commas, 、 or new lines; `2027-02-06~2027-02-12` (or 至) is
 * every day of the range. Anything that is not a date is passed on as typed, so the server names it.
 */
export function parseDates(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(/[\s,，、;；]+/).filter(Boolean)) {
    const range = /^(\d{4}-\d{2}-\d{2})(?:~|至|--)(\d{4}-\d{2}-\d{2})$/.exec(token);
    if (!range) { out.push(token); continue; }
    const [from, to] = [dayjs(range[1]), dayjs(range[2])];
    // dayjs rolls 2027-02-30 over to 2027-03-02: a range end must read back as typed.
    if (from.format('YYYY-MM-DD') !== range[1] || to.format('YYYY-MM-DD') !== range[2] || to.isBefore(from) || to.diff(from, 'day') > 60) { out.push(token); continue; }
    for (let d = from; !d.isAfter(to); d = d.add(1, 'day')) out.push(d.format('YYYY-MM-DD'));
  }
  return out;
}
