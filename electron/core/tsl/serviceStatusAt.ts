/**
 * A trust service's status at a given time, read from its current information and its history (ETSI TS 119 612
 * §5.5.4 ServiceCurrentStatus, §5.5.5 StatusStartingTime, §5.6 ServiceHistory): the period in force at that time is the
 * newest one that started at or before it.
 */
import type { ServiceStatusPeriod, TrustService } from './TrustedList.js';

export const STATUS_BASE = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/';

/** TS 119 612 v2 (eIDAS) statuses under which a service is trusted: granted, and recognised at national level. */
const GRANTED_EIDAS = new Set(['granted', 'recognisedatnationallevel']);
/**
 * The pre-eIDAS statuses (TS 119 612 v1 / Directive 1999/93/EC, before 2016-07-01) that TS 119 615 §4.3 and EU DSS
 * (`ServiceStatus`: undersupervision, supervisionincessation, accredited, setbynationallaw) read as "granted".
 * `supervisionrevoked` and `accreditationrevoked` are not.
 */
const GRANTED_PRE_EIDAS = new Set(['undersupervision', 'supervisionincessation', 'accredited', 'setbynationallaw']);

/** The status URI's last path segment (`granted`, `withdrawn`, `accredited`, …). */
export function statusName(status: string): string {
  const s = status.replace(/\/+$/, '');
  return s.slice(s.lastIndexOf('/') + 1);
}

/** Whether a status counts as granted (see the sets above). */
export function isGrantedStatus(status: string): boolean {
  const name = statusName(status).toLowerCase();
  return GRANTED_EIDAS.has(name) || GRANTED_PRE_EIDAS.has(name);
}

/** The period in force at `at`, or undefined when the service was not yet listed then. */
export function periodAt(service: TrustService, at: Date): ServiceStatusPeriod | undefined {
  const t = at.getTime();
  // periods are newest first; a malformed list might not be, so every period is looked at.
  let best: ServiceStatusPeriod | undefined;
  for (const p of service.periods) {
    const from = Date.parse(p.from);
    if (from <= t && (best === undefined || from > Date.parse(best.from))) best = p;
  }
  return best;
}

/** Whether the service was granted at `at` (listed, and its status then counts as granted). */
export function grantedAt(service: TrustService, at: Date): boolean {
  const p = periodAt(service, at);
  return p !== undefined && isGrantedStatus(p.status);
}
