/**
 * The OS notification for renewal reminders (issue: "at start and daily it raises an OS notification"), as plain
 * data so it is tested without Electron: raised for the start and daily checks only (after listing certificates the
 * user is already looking at the in-app banner), and only when something is due.
 */
import type { Lang } from '../shared/i18n/locale.js';
import { reminderLine, reminderTitle } from '../shared/i18n/reminderText.js';
import type { EventOf } from '../shared/ipc/contract.js';

export function reminderNotification(due: EventOf<'reminders:due'>, lang: Lang): { title: string; body: string } | null {
  if (due.reason === 'certificates' || due.reminders.length === 0) return null;
  const lines = due.reminders.slice(0, 3).map((r) => reminderLine(lang, r));
  if (due.reminders.length > 3) lines.push(lang === 'it' ? `…e altri ${due.reminders.length - 3}` : `…and ${due.reminders.length - 3} more`);
  return { title: reminderTitle(lang, due.reminders.length), body: `${lines.join('\n')}\n${due.advice}` };
}
