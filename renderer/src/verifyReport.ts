/**
 * The report of `verify:run` (typed `unknown` in the contract): read defensively into the shape the UI shows, so a
 * field missing or of the wrong type never breaks the screen.
 */
export type VerifyStatus = 'passed' | 'failed' | 'indeterminate';

/** The trusted-list service a certificate chains to (TS 119 612): member state, provider, service, its status then. */
export interface TrustedListView {
  country: string;
  tsp: string;
  service: string;
  status: string;
  /** `status` in main's words (localizeReport). */
  statusText?: string;
}

export interface TimestampView {
  time: string;
  tsa: string;
  integrity: string;
  imprintMatches: boolean;
  trusted?: boolean;
  kind?: string;
  /** A qualified electronic time-stamp (its TSA a TSA/QTST service granted at its time). */
  qualified?: boolean;
  trustedList?: TrustedListView;
  /** `time` in Italian local time, in main's words (localizeReport). */
  timeText?: string;
}

export interface SignatureView {
  signer: string;
  integrity: string;
  status: VerifyStatus;
  subIndication?: string;
  /** The sub-indication explained in main's words (localizeReport: one catalog for the app and the CLI). */
  subIndicationText?: string;
  signingTime: string | null;
  signingTimeText?: string;
  timestamps: TimestampView[];
  level: string;
  /** When the newest archive/document time-stamp is to be renewed (ISO) and the same in main's words. */
  renewalDue?: string;
  renewalDueText?: string;
  depth: number;
  kind: 'signer' | 'countersignature';
  field?: string;
  qualified?: boolean;
  /** TS 119 172-4 / TS 119 615 conclusion (QESig, AdESig-QC, …) and its words from main (`qualificationText`). */
  qualification?: string;
  qualificationText?: string;
  /** Why the qualification is what it is (coded findings with main's words), e.g. a service withdrawn then. */
  qualificationReasons: string[];
  trustedList?: TrustedListView;
  warnings: string[];
  problems: string[];
}

export interface FileReportView {
  file: string;
  format: string;
  status: VerifyStatus;
  signatures: SignatureView[];
  timestamps: TimestampView[];
  problems: string[];
  /** The file's own sub-indication (SIGNED_DATA_NOT_FOUND: a .p7s whose document was not found). */
  subIndication?: string;
  subIndicationText?: string;
  /** Facts about the file in main's words (the document found beside a .p7s, …): coded findings with `message`. */
  notes: string[];
  /** Why the file could not be verified at all (e.g. INPUT_NOT_SIGNED), with main's words for it. */
  error?: { code: string; message?: string };
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
/** `{ [key]: v[key] }` when it is a non-empty string, else nothing. */
const optText = <K extends string>(v: Obj, key: K): Partial<Record<K, string>> => (typeof v[key] === 'string' && v[key] !== '' ? ({ [key]: v[key] } as Record<K, string>) : {});
/**
 * The texts of a report's findings (`{code, params, message}`): main fills in `message` in the app's language
 * (localizeReport) before the report crosses IPC; a finding without one shows its code, never raw params.
 */
const messages = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (isObj(x) ? str(x['message']) || str(x['code']) : '')).filter((x) => x !== '') : [];
/** Coded findings' texts as main wrote them (`message`); a finding without one is not shown as a bare code. */
const notes = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isObj).map((x) => str(x['message'])).filter((x) => x !== '') : []);
const status = (v: unknown): VerifyStatus => (v === 'passed' || v === 'failed' ? v : 'indeterminate');

function timestamp(v: unknown): TimestampView | null {
  if (!isObj(v)) return null;
  return {
    time: str(v['time']),
    tsa: str(v['tsa']),
    integrity: str(v['integrity'], 'invalid'),
    imprintMatches: v['imprintMatches'] === true,
    ...(typeof v['trusted'] === 'boolean' ? { trusted: v['trusted'] } : {}),
    ...(typeof v['kind'] === 'string' ? { kind: v['kind'] } : {}),
    ...(typeof v['qualified'] === 'boolean' ? { qualified: v['qualified'] } : {}),
    ...trustedListOf(v),
    ...optText(v, 'timeText'),
  };
}

function trustedListOf(v: Obj): { trustedList?: TrustedListView } {
  const l = v['trustedList'];
  if (!isObj(l)) return {};
  return { trustedList: { country: str(l['country']), tsp: str(l['tsp']), service: str(l['service']), status: str(l['status']), ...(typeof v['serviceStatusText'] === 'string' ? { statusText: v['serviceStatusText'] } : {}) } };
}

const timestamps = (v: unknown): TimestampView[] => (Array.isArray(v) ? v.map(timestamp).filter((t): t is TimestampView => t !== null) : []);

function signature(v: unknown): SignatureView | null {
  if (!isObj(v)) return null;
  const cert = isObj(v['certificate']) ? v['certificate'] : undefined;
  return {
    signer: str(v['signer'], '?'),
    integrity: str(v['integrity'], 'invalid'),
    status: status(v['status']),
    ...(typeof v['subIndication'] === 'string' ? { subIndication: v['subIndication'] } : {}),
    ...optText(v, 'subIndicationText'),
    ...optText(v, 'signingTimeText'),
    signingTime: typeof v['signingTime'] === 'string' && v['signingTime'] ? v['signingTime'] : null,
    timestamps: timestamps(v['timestamps']),
    level: str(v['level']),
    ...optText(v, 'renewalDue'),
    ...optText(v, 'renewalDueText'),
    depth: typeof v['depth'] === 'number' && Number.isFinite(v['depth']) ? v['depth'] : 0,
    kind: v['kind'] === 'countersignature' ? 'countersignature' : 'signer',
    ...(typeof v['field'] === 'string' ? { field: v['field'] } : {}),
    ...(cert && typeof cert['qualified'] === 'boolean' ? { qualified: cert['qualified'] } : {}),
    ...(typeof v['qualification'] === 'string' ? { qualification: v['qualification'] } : {}),
    ...(typeof v['qualificationText'] === 'string' && v['qualificationText'] ? { qualificationText: v['qualificationText'] } : {}),
    qualificationReasons: notes(v['qualificationReasons']),
    ...trustedListOf(v),
    warnings: messages(v['warnings']),
    problems: messages(v['problems']),
  };
}

/** One report, or several when the bridge returns an array. */
export function readReports(value: unknown, fallbackName: string): FileReportView[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (!isObj(v)) return { file: fallbackName, format: '', status: 'indeterminate', signatures: [], timestamps: [], problems: [], notes: [] };
    return {
      file: str(v['file'], fallbackName) || fallbackName,
      format: str(v['format']),
      status: status(v['status']),
      signatures: Array.isArray(v['signatures']) ? v['signatures'].map(signature).filter((s): s is SignatureView => s !== null) : [],
      timestamps: timestamps(v['timestamps']),
      problems: messages(v['problems']),
      ...(typeof v['subIndication'] === 'string' ? { subIndication: v['subIndication'] } : {}),
      ...optText(v, 'subIndicationText'),
      notes: notes(v['findings']),
      ...(isObj(v['error']) && typeof v['error']['code'] === 'string' ? { error: { code: v['error']['code'], ...(typeof v['error']['message'] === 'string' ? { message: v['error']['message'] } : {}) } } : {}),
    };
  });
}
