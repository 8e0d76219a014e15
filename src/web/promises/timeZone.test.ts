// The composer's promise preview and the promise cards show a due time the
// same way: as a wall time in the workspace's zone (where promises are read),
// labelled with the zone when the agent's browser is in another; the cards'
// time inputs read and write that same wall time.
import { describe, expect, it } from 'vitest';
import { formatInZone, zoneLabel } from '../format.ts';
import { fromLocalInput, toLocalInput } from './queries.ts';

const DUE = '2026-12-09T17:00:00.000Z'; // 18:00 in Budapest, 22:00 in Almaty

describe('due times in the workspace’s time zone', () => {
  const browserZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const elsewhere = browserZone === 'Asia/Almaty' ? 'Europe/Budapest' : 'Asia/Almaty';

  it('shows the workspace’s wall time, labelled with its zone when the browser is elsewhere', () => {
    const shown = formatInZone(DUE, 'en-GB', elsewhere);
    expect(shown).toContain(elsewhere === 'Asia/Almaty' ? '22:00' : '18:00');
    expect(shown).toMatch(/GMT[+-]\d|[A-Z]{3,4}/);
    expect(formatInZone(DUE, 'en-GB', browserZone)).not.toMatch(/GMT|UTC/);
  });

  it('edits a due time as the same wall time, and reads it back in that zone', () => {
    expect(toLocalInput(DUE, 'Asia/Almaty')).toBe('2026-12-09T22:00');
    expect(toLocalInput(DUE, 'Europe/Budapest')).toBe('2026-12-09T18:00');
    expect(fromLocalInput('2026-12-09T22:00', 'Asia/Almaty')).toBe(DUE);
    expect(fromLocalInput('2026-12-10T09:30', 'Europe/Budapest')).toBe('2026-12-10T08:30:00.000Z');
    expect(fromLocalInput('', 'Europe/Budapest')).toBeUndefined();
    expect(fromLocalInput('tomorrow', 'Europe/Budapest')).toBeUndefined();
  });
});

describe('the zone named beside a due-time input', () => {
  const browserZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;

  it('says nothing when the browser’s clock is in the workspace’s zone', () => {
    expect(zoneLabel(browserZone, 'en')).toBeNull();
  });

  it('names another zone in the agent’s language, and gives an unknown one as it is', () => {
    const madrid = browserZone === 'Europe/Madrid' ? 'Asia/Almaty' : 'Europe/Madrid';
    const en = zoneLabel(madrid, 'en');
    const es = zoneLabel(madrid, 'es');
    expect(en).toBeTruthy();
    expect(es).toBeTruthy();
    expect(es).not.toBe(en);
    expect(zoneLabel('Mars/Olympus_Mons', 'en')).toBe('Mars/Olympus_Mons');
  });
});
