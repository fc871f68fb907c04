/**
 * Renewal reminders (electron/io/renewalReminders.ts, electron/io/reminderSnoozes.ts, electron/app/Reminders.ts,
 * electron/main/reminderNotification.ts): lead times 90/60/30/7 or settings.json `reminderDays`, the threshold a
 * certificate falls under, snoozes that last until the next lead time (a day in the last one), the office's
 * instructions, and the OS notification's text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Reminders } from '../../electron/app/Reminders.js';
import { dueCertificates, reminderDays, renewalInstructions } from '../../electron/io/renewalReminders.js';
import { reminderNotification } from '../../electron/main/reminderNotification.js';
import type { EventOf } from '../../electron/shared/ipc/contract.js';
import { cleanup } from '../helpers/testPki.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-22T10:00:00Z');
const at = (days: number): string => new Date(NOW.getTime() + days * DAY).toISOString();

describe('renewal reminders', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const remember = (list: { fp: string; name: string; days: number }[]): void =>
    writeFileSync(join(dir, 'certificates.json'), JSON.stringify({ certificates: list.map((c) => ({ fingerprintSha256: c.fp, name: c.name, subject: `CN=${c.name}`, notAfter: at(c.days), firstSeen: NOW.toISOString() })) }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-reminders-'));
    env = { SIGLA_DATA_DIR: dir };
  });
  afterEach(() => cleanup(dir));

  it('puts each certificate under the smallest lead time it has reached', () => {
    remember([
      { fp: 'a'.repeat(64), name: 'QUARANTA', days: 40.5 },
      { fp: 'b'.repeat(64), name: 'LONTANO', days: 120 },
      { fp: 'c'.repeat(64), name: 'CINQUE', days: 5.2 },
      { fp: 'd'.repeat(64), name: 'SCADUTO', days: -3 },
      { fp: 'e'.repeat(64), name: 'NOVANTA', days: 90.9 },
    ]);
    const due = dueCertificates({ env, now: NOW });
    assert.deepEqual(due.map((c) => [c.name, c.daysLeft, c.threshold, c.expired]), [
      ['SCADUTO', -3, 0, true],
      ['CINQUE', 5, 7, false],
      ['QUARANTA', 40, 60, false],
      ['NOVANTA', 90, 90, false],
    ]);
  });

  it('reads reminderDays and renewalInstructions from settings.json, tolerating anything odd', () => {
    assert.deepEqual(reminderDays(env), [90, 60, 30, 7]);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ reminderDays: [14, 45, 'x', -1, 45, 2.5], renewalInstructions: '  Sportello 3, tel. 0123 456789  ' }));
    assert.deepEqual(reminderDays(env), [45, 14]);
    assert.equal(renewalInstructions(env), 'Sportello 3, tel. 0123 456789');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ reminderDays: '60, 15;3' }));
    assert.deepEqual(reminderDays(env), [60, 15, 3]);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ reminderDays: ['30', 10] }));
    assert.deepEqual(reminderDays(env), [30, 10]);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ reminderDays: 'sempre', renewalInstructions: 42 }));
    assert.deepEqual(reminderDays(env), [90, 60, 30, 7]);
    assert.equal(renewalInstructions(env), undefined);
    writeFileSync(join(dir, 'settings.json'), '{ non è JSON');
    assert.deepEqual(reminderDays(env), [90, 60, 30, 7]);
  });

  it('a snooze lasts until the next lead time, a day in the last one, for good once expired', () => {
    const fp = 'a'.repeat(64);
    let now = NOW;
    const r = new Reminders(env, 'it', () => undefined, () => now);
    remember([{ fp, name: 'ROSSI MARIO', days: 40.5 }]);
    assert.deepEqual(r.list().reminders.map((x) => [x.daysLeft, x.threshold]), [[40, 60]]);
    assert.deepEqual(r.snooze(fp).reminders, []);
    assert.match(readFileSync(join(dir, 'reminders.json'), 'utf8'), /"threshold": 60/);
    now = new Date(NOW.getTime() + 9 * DAY);
    assert.deepEqual(r.list().reminders, [], '31 days left: still the 60-day reminder, still snoozed');
    now = new Date(NOW.getTime() + 11 * DAY);
    assert.deepEqual(r.list().reminders.map((x) => [x.daysLeft, x.threshold]), [[29, 30]], 'the 30-day reminder comes back');
    now = new Date(NOW.getTime() + 35 * DAY);
    r.snooze(fp);
    assert.deepEqual(r.list().reminders, []);
    now = new Date(NOW.getTime() + 35 * DAY + 23 * 3600_000);
    assert.deepEqual(r.list().reminders, [], 'less than a day later');
    now = new Date(NOW.getTime() + 36 * DAY + 60_000);
    assert.deepEqual(r.list().reminders.map((x) => x.threshold), [7], 'the next day, in the last week, again');
    now = new Date(NOW.getTime() + 45 * DAY);
    assert.equal(r.list().reminders[0]?.expired, true);
    r.snooze(fp);
    now = new Date(NOW.getTime() + 400 * DAY);
    assert.deepEqual(r.list().reminders, []);
  });

  it('carries the office instructions, or the default advice, and emits on check', () => {
    remember([{ fp: 'a'.repeat(64), name: 'ROSSI MARIO', days: 40.5 }]);
    const seen: EventOf<'reminders:due'>[] = [];
    const r = new Reminders(env, 'it', (p) => seen.push(p), () => NOW);
    assert.equal(r.list().instructions, null);
    assert.match(r.list().advice, /prima della scadenza/);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ renewalInstructions: 'Prenota allo sportello 3 (tel. 0123 456789), porta un documento.' }));
    r.check('certificates');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.reason, 'certificates');
    assert.equal(seen[0]?.instructions, 'Prenota allo sportello 3 (tel. 0123 456789), porta un documento.');
    assert.equal(seen[0]?.advice, seen[0]?.instructions);
  });

  it('raises the OS notification at start and daily only, when something is due', () => {
    const reminder = { fingerprintSha256: 'a'.repeat(64), name: 'ROSSI MARIO', subject: 'CN=ROSSI MARIO', notAfter: '2027-01-01T10:00:00.000Z', daysLeft: 40, threshold: 60, expired: false };
    const due = (reason: EventOf<'reminders:due'>['reason'], reminders = [reminder]): EventOf<'reminders:due'> => ({ reason, reminders, instructions: null, advice: 'Rinnova prima della scadenza.' });
    assert.equal(reminderNotification(due('certificates'), 'it'), null);
    assert.equal(reminderNotification(due('daily', []), 'it'), null);
    assert.deepEqual(reminderNotification(due('start'), 'it'), { title: 'Certificato di firma in scadenza', body: 'Scade tra 40 giorni (01/01/2027): ROSSI MARIO\nRinnova prima della scadenza.' });
    assert.equal(reminderNotification(due('daily'), 'en')?.title, 'Signing certificate about to expire');
  });
});
