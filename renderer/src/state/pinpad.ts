/**
 * Logins waiting on a pinpad reader (`pin:pinpad` from main): the one shown is the oldest still active. Each ends
 * with an inactive event for the same requestId, whatever the outcome (PIN typed, wrong, Cancel on the reader).
 */
import { useEffect, useState } from 'react';
import { subscribe, type EventOf } from '../api';

export type PinpadWait = EventOf<'pin:pinpad'>;

export function usePinpadWait(): PinpadWait | undefined {
  const [waits, setWaits] = useState<PinpadWait[]>([]);
  useEffect(
    () =>
      subscribe('pin:pinpad', (e) => {
        setWaits((q) => (e.active ? (q.some((x) => x.requestId === e.requestId) ? q : [...q, e]) : q.filter((x) => x.requestId !== e.requestId)));
      }),
    [],
  );
  return waits[0];
}
