/**
 * GuiPinSource's pinpad notice: `pin:pinpad` active, then inactive with the same requestId (once, whatever `end` is
 * called), validated by the contract's schema; the payload carries the label and state only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GuiPinSource } from '../../electron/app/GuiPinSource.js';
import { EVENTS, type EventOf } from '../../electron/shared/ipc/contract.js';

describe('GuiPinSource.pinpad', () => {
  it('emits active then inactive for the same request, validated by the contract', async () => {
    const events: EventOf<'pin:pinpad'>[] = [];
    const pins = new GuiPinSource(() => assert.fail('no PIN request for a pinpad'), 'it', (e) => events.push(EVENTS['pin:pinpad'].parse(e)));
    const prompt = await pins.pinpad({ tokenLabel: 'CNS Regione', state: 'countLow', kind: 'user' });
    assert.deepEqual(events, [{ requestId: 1, tokenLabel: 'CNS Regione', state: 'countLow', kind: 'user', active: true }]);
    prompt.end();
    prompt.end();
    assert.deepEqual(events.map((e) => [e.requestId, e.active]), [[1, true], [1, false]]);
    const ctx = await pins.pinpad({ tokenLabel: 'CNS Regione', state: 'ok', kind: 'context' });
    ctx.end();
    assert.deepEqual(events.slice(2).map((e) => [e.requestId, e.kind, e.active]), [[2, 'context', true], [2, 'context', false]]);
    assert.deepEqual(Object.keys(events[0] ?? {}).sort(), ['active', 'kind', 'requestId', 'state', 'tokenLabel']);
  });
});

describe('GuiPinSource.pinpad after a wrong PIN', () => {
  it('says once that the PIN typed on the reader was wrong', async () => {
    const events: EventOf<'pin:pinpad'>[] = [];
    const pins = new GuiPinSource(() => undefined, 'it', (e) => events.push(EVENTS['pin:pinpad'].parse(e)));
    pins.noteRetry('CNS Regione', 'PIN_INCORRECT');
    (await pins.pinpad({ tokenLabel: 'CNS Regione', state: 'countLow', kind: 'user' })).end();
    (await pins.pinpad({ tokenLabel: 'CNS Regione', state: 'countLow', kind: 'user' })).end();
    assert.deepEqual(events.filter((e) => e.active).map((e) => e.retryAfter), ['PIN_INCORRECT', undefined]);
  });
});
