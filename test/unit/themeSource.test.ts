/** main's nativeTheme follows the theme setting: read from settings:get / settings:update answers only. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { themeSource } from '../../electron/main/themeSource.js';

describe('themeSource', () => {
  it('takes the theme from a settings answer', () => {
    assert.equal(themeSource('settings:get', { ok: true, value: { theme: 'dark', language: 'it' } }), 'dark');
    assert.equal(themeSource('settings:update', { ok: true, value: { theme: 'light' } }), 'light');
    assert.equal(themeSource('settings:update', { ok: true, value: { theme: 'system' } }), 'system');
  });

  it('ignores other channels, failures and values that are not a theme', () => {
    assert.equal(themeSource('tsa:save', { ok: true, value: { theme: 'dark' } }), undefined);
    assert.equal(themeSource('settings:update', { ok: false, error: { code: 'USAGE', message: 'x' } }), undefined);
    assert.equal(themeSource('settings:get', { ok: true, value: { theme: 'sepia' } }), undefined);
    assert.equal(themeSource('settings:get', { ok: true, value: null }), undefined);
  });
});
