/**
 * Italian local time without ICU (shared/i18n/romeTime.ts) against ICU itself (Intl, Europe/Rome): every few hours
 * from 1990 to 2045 (outside 1996–2037 the module defers to Intl) and one second either side of every summer-time
 * change from 1996 to 2037, where a wrong rule (another hour, another Sunday) shows at once; formatTime and
 * formatDate print what Intl prints.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate } from '../../electron/shared/i18n/dates.js';
import { formatTime } from '../../electron/shared/i18n/findings.js';
import { romeDate, romeDateTime, romeOffsetHours } from '../../electron/shared/i18n/romeTime.js';

const icu = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
function byIcu(d: Date): string {
  const parts = icu.formatToParts(d);
  const p = (t: Intl.DateTimeFormatPartTypes): string => parts.find((x) => x.type === t)?.value ?? '??';
  return `${p('day')}/${p('month')}/${p('year')} ${p('hour')}:${p('minute')}:${p('second')}`;
}
const icuOffset = (ms: number): number => {
  const [date, time] = byIcu(new Date(ms)).split(' ');
  const [dd, mm, yyyy] = (date ?? '').split('/').map(Number);
  const [h, m, s] = (time ?? '').split(':').map(Number);
  return Math.round((Date.UTC(yyyy ?? 0, (mm ?? 1) - 1, dd ?? 0, h, m, s) - Math.floor(ms / 1000) * 1000) / 3_600_000);
};

describe('Italian local time without ICU', () => {
  it('agrees with ICU every 5 h 17 min 23 s from 1990 to 2045', () => {
    const step = (5 * 3600 + 17 * 60 + 23) * 1000 + 457;
    let n = 0;
    for (let ms = Date.UTC(1990, 0, 1); ms < Date.UTC(2045, 0, 1); ms += step, n++) {
      const d = new Date(ms);
      assert.equal(romeDateTime(d), byIcu(d), d.toISOString());
    }
    assert.ok(n > 90_000);
  });

  it('changes offset exactly when ICU does, 1996–2037 (one second either side)', () => {
    let changes = 0;
    for (let year = 1996; year <= 2037; year++) {
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 3_600_000) {
        const here = romeOffsetHours(ms);
        const next = romeOffsetHours(ms + 3_600_000);
        assert.equal(here, icuOffset(ms), new Date(ms).toISOString());
        if (next === undefined || here === next) continue;
        changes++;
        // The change is on the hour (01:00 UTC): the second before keeps the old offset, the change itself has the new.
        const at = ms + 3_600_000;
        for (const t of [at - 1000, at, at + 1000]) assert.equal(romeDateTime(new Date(t)), byIcu(new Date(t)), new Date(t).toISOString());
      }
    }
    assert.equal(changes, 2 * (2037 - 1996 + 1));
  });

  it('formatTime and formatDate print what ICU prints, in both languages', () => {
    for (const iso of ['2023-01-12T09:21:06Z', '2024-07-31T22:30:00.999Z', '2025-03-30T00:59:59Z', '2025-03-30T01:00:00Z', '2025-10-26T00:59:59Z', '2025-10-26T01:00:00Z', '1985-06-01T12:00:00Z', '2050-06-01T12:00:00Z']) {
      const d = new Date(iso);
      assert.equal(formatTime(iso, 'it'), `${byIcu(d)} (ora italiana)`);
      assert.equal(formatTime(iso, 'en'), `${byIcu(d)} (Italian time)`);
      assert.equal(formatDate(iso, 'it'), byIcu(d).split(' ')[0]);
      assert.equal(romeDate(d), byIcu(d).split(' ')[0]);
    }
    assert.equal(formatTime('not a time', 'it'), 'not a time');
  });
});
