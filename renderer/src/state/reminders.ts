/**
 * Renewal reminders for the banner: loaded when the app opens, replaced whenever main sends `reminders:due` (at
 * start, daily, after certificates were listed), and after a snooze ("Rimanda"), which main keeps across restarts.
 */
import { useCallback, useEffect, useState } from 'react';
import { call, subscribe, type ApiError, type ResultOf } from '../api';

export type ReminderList = ResultOf<'reminders:list'>;
export type Reminder = ReminderList['reminders'][number];

export interface RemindersState {
  list: ReminderList | null;
  error: ApiError | null;
  snooze: (fingerprint: string) => Promise<boolean>;
}

export function useReminders(): RemindersState {
  const [list, setList] = useState<ReminderList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    const off = subscribe('reminders:due', ({ reason: _r, ...l }) => setList(l));
    void call('reminders:list', {}).then((r) => {
      if (!live) return;
      if (r.ok) setList(r.value);
    });
    return () => {
      live = false;
      off();
    };
  }, []);

  const snooze = useCallback(async (fingerprint: string) => {
    const r = await call('reminders:snooze', { fingerprintSha256: fingerprint });
    if (r.ok) {
      setList(r.value);
      setError(null);
    } else setError(r.error);
    return r.ok;
  }, []);

  return { list, error, snooze };
}
