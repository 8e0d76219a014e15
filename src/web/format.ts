/** Dates, times and durations in the agent's locale (the UI language), through Intl. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Building an Intl formatter costs far more than using one (a list of 25 rows built
// about a hundred), so each locale and set of options builds its formatter once.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** "14:05" today, "23 Nov, 14:05" this year, else with the year. */
export function formatMessageTime(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  const sameYear = date.getFullYear() === now.getFullYear();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : sameYear
      ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', year: 'numeric' };
  return dateFormat(locale, options).format(date);
}

/** The full date and time, for a tooltip or a <time> title. */
export function formatFullTime(iso: string, locale: string): string {
  return dateFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * A date and time as a wall time in a given time zone (the workspace's): "Thu, 3 Dec, 14:05",
 * with the zone's offset added when the agent's own clock is in another one.
 */
export function formatInZone(iso: string, locale: string, timeZone: string): string {
  const own = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    ...(own === timeZone ? {} : { timeZoneName: 'short' }),
  };
  try {
    return new Intl.DateTimeFormat(locale, options).format(new Date(iso));
  } catch {
    // An unknown zone name: the agent's own clock is better than nothing.
    return formatFullTime(iso, locale);
  }
}

/**
 * The name of a time zone for a label ("Central European Time"), or null when the
 * browser's clock is in that zone already (nothing to say). An unknown zone gives its id.
 */
export function zoneLabel(timeZone: string, locale: string): string | null {
  if (new Intl.DateTimeFormat().resolvedOptions().timeZone === timeZone) return null;
  try {
    const parts = new Intl.DateTimeFormat(locale, {
      timeZone,
      timeZoneName: 'longGeneric',
    }).formatToParts(new Date());
    return parts.find((x) => x.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/**
 * A duration in the two largest units, narrow: "1 d 3 h", "45 min". Rounded down, so a
 * countdown never shows more time than is left.
 */
export function formatDuration(ms: number, locale: string): string {
  const abs = Math.max(0, Math.abs(ms));
  const unit = (value: number, name: 'day' | 'hour' | 'minute') =>
    numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0)
    return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0)
    return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  return unit(minutes, 'minute');
}

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale).format(value);
}
