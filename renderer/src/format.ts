import type { TFunction } from 'i18next';
import type { Lang } from './i18n';

const locale = (lang: Lang): string => (lang === 'en' ? 'en-GB' : 'it-IT');

export function formatSize(bytes: number, t: TFunction, lang: Lang): string {
  const nf = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
  if (bytes < 1024) return t('common.bytes', { count: bytes });
  if (bytes < 1024 * 1024) return t('common.kilobytes', { value: nf.format(bytes / 1024) });
  return t('common.megabytes', { value: nf.format(bytes / (1024 * 1024)) });
}

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Human times are Italian local time wherever the computer is (the CLI's and the reports' rule, findings.ts). */
const TIME_ZONE = 'Europe/Rome';

export function formatDateTime(iso: string, lang: Lang): string {
  const d = parse(iso);
  return d ? new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(d) : iso;
}

export function formatDate(iso: string, lang: Lang): string {
  const d = parse(iso);
  return d ? new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: TIME_ZONE }).format(d) : iso;
}
