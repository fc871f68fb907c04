/**
 * The token's PIN rule (from the PIN request: the limits the token and its profile set) checked in the dialog before
 * the PIN is sent, and said in words. A PIN of the wrong form costs no try anyway (main checks it too), but the whole
 * operation would have to start again; here the user just types it again.
 */
import type { TFunction } from 'i18next';
import type { PinRequest } from './api';

export type PinRule = NonNullable<PinRequest['rule']>;

/** True when `pin` has the form `rule` asks for. Length is in characters (UTF-16 code units: PINs are ASCII). */
export function pinFitsRule(pin: string, rule: PinRule): boolean {
  if (rule.digitsOnly && !/^[0-9]+$/.test(pin)) return false;
  if (rule.exactLengths && rule.exactLengths.length > 0) return rule.exactLengths.includes(pin.length);
  return pin.length >= rule.minLength && (rule.maxLength === undefined || pin.length <= rule.maxLength);
}

/** "da 4 a 8 caratteri, solo cifre". */
export function describePinRule(rule: PinRule, t: TFunction): string {
  const parts: string[] = [];
  if (rule.exactLengths && rule.exactLengths.length > 0) parts.push(t('devicesPin.dialog.ruleExact', { lengths: rule.exactLengths.join(' / ') }));
  else if (rule.maxLength !== undefined) parts.push(t('devicesPin.dialog.ruleRange', { min: rule.minLength, max: rule.maxLength }));
  else parts.push(t('devicesPin.dialog.ruleMin', { min: rule.minLength }));
  if (rule.digitsOnly) parts.push(t('devicesPin.dialog.ruleDigits'));
  return parts.join(', ');
}
