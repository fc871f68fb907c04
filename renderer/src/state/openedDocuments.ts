/**
 * Files opened from the operating system (double click on a .p7m, "Apri con Sigla"): main sends each batch with
 * the screen it belongs to (`documents:opened`); the ones opened while the window was still loading are asked for
 * once, after subscribing (`documents:takeOpened`), so none is lost and none arrives twice.
 */
import { useEffect, useRef } from 'react';
import { call, subscribe, type EventOf } from '../api';

export type OpenedBatch = EventOf<'documents:opened'>;

export function useOpenedDocuments(onOpened: (batch: OpenedBatch) => void): void {
  const handler = useRef(onOpened);
  useEffect(() => {
    handler.current = onOpened;
  });
  useEffect(() => {
    const off = subscribe('documents:opened', (b) => handler.current(b));
    void call('documents:takeOpened', {}).then((r) => {
      if (r.ok) for (const b of r.value) handler.current(b);
    });
    return off;
  }, []);
}
