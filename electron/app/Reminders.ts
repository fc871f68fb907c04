/**
 * Renewal reminders in the app (issue: "at start and daily it raises an OS notification and an in-app banner at 90,
 * 60, 30, 7 days before expiry, with snooze"): the due certificates (electron/io/renewalReminders.ts) minus the
 * snoozed ones (electron/io/reminderSnoozes.ts), with the advice text; `reminders:due` is emitted at start, once a
 * day, and after certificates were listed (a newly seen certificate may be due). Electron main turns the start and
 * daily emissions into an OS notification; the renderer shows the banner.
 */
import type { Lang } from '../shared/i18n/locale.js';
import { renewalAdvice } from '../shared/i18n/reminderText.js';
import type { EventOf, ResultOf } from '../shared/ipc/contract.js';
import { isSnoozed, snooze } from '../io/reminderSnoozes.js';
import { dueCertificates, reminderDays, renewalInstructions } from '../io/renewalReminders.js';

const DAY = 86_400_000;

export type ReminderList = ResultOf<'reminders:list'>;
export type DueReason = EventOf<'reminders:due'>['reason'];

export class Reminders {
  private timer: ReturnType<typeof setInterval> | undefined;
  private first: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** The app's language now (it can change in Impostazioni), or a fixed one. */
    private readonly lang: Lang | (() => Lang),
    private readonly onDue: (payload: EventOf<'reminders:due'>) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private language(): Lang {
    return typeof this.lang === 'function' ? this.lang() : this.lang;
  }

  /** Reminders to show now: due within the largest lead time and not snoozed. */
  list(): ReminderList {
    const now = this.now();
    const reminders = dueCertificates({ env: this.env, now })
      .filter((c) => !isSnoozed(c.fingerprintSha256, c.threshold, now, this.env))
      .map((c) => ({ fingerprintSha256: c.fingerprintSha256, name: c.name, subject: c.subject, notAfter: c.notAfter, daysLeft: c.daysLeft, threshold: c.threshold, expired: c.expired }));
    const instructions = renewalInstructions(this.env);
    return { reminders, instructions: instructions ?? null, advice: renewalAdvice(this.language(), instructions) };
  }

  /** Hides the certificate's current reminder (until the next lead time; see reminderSnoozes.ts). */
  snooze(fingerprint: string): ReminderList {
    const now = this.now();
    const due = dueCertificates({ env: this.env, now }).find((c) => c.fingerprintSha256 === fingerprint);
    if (due) snooze(fingerprint, due.threshold, Math.min(...reminderDays(this.env)), now, this.env);
    return this.list();
  }

  /** Emits the current reminders (also when there are none, so a banner can clear). */
  check(reason: DueReason): void {
    this.onDue({ reason, ...this.list() });
  }

  /** At start (on the next turn, once the caller is wired) and every day after. */
  start(): void {
    this.first = setTimeout(() => this.check('start'), 0);
    this.timer = setInterval(() => this.check('daily'), DAY);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
  }
}
