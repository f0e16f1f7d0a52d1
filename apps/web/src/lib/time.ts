import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The office works in Beijing time whatever the browser's zone is (ARCHITECTURE: shown in Asia/Shanghai). */
export const TIME_ZONE = 'Asia/Shanghai';

export function formatTime(iso: string | null | undefined, withSeconds = true): string {
  if (!iso) return '';
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  return d.tz(TIME_ZONE).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/**
 * A time pickers show and edit as Beijing wall time: antd's pickers read and write a dayjs in the browser's zone, so
 * an instant is handed to them as the Beijing clock reading it has (10:00 stays 10:00 on a laptop set to UTC)...
 */
export function toOfficeWallTime(instant: string | Date | Dayjs): Dayjs {
  return dayjs(dayjs(instant).tz(TIME_ZONE).format('YYYY-MM-DDTHH:mm:ss.SSS'));
}

/** ...and what they picked is read back as that reading on the Beijing clock, an instant sent as ISO 8601. */
export function fromOfficeWallTime(picked: Dayjs): string {
  return dayjs.tz(picked.format('YYYY-MM-DDTHH:mm:ss.SSS'), TIME_ZONE).toISOString();
}

export { dayjs };
