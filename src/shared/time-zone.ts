/** True when tz is an IANA time zone this runtime knows (e.g. "Europe/Budapest"). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
