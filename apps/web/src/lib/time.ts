import dayjs from 'dayjs';
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

export { dayjs };
