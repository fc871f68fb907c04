/**
 * The report of `verify:run` (typed `unknown` in the contract): read defensively into the shape the UI shows, so a
 * field missing or of the wrong type never breaks the screen.
 */
export type VerifyStatus = 'passed' | 'failed' | 'indeterminate';

export interface TimestampView {
  time: string;
  tsa: string;
  integrity: string;
  imprintMatches: boolean;
  trusted?: boolean;
  kind?: string;
}

export interface SignatureView {
  signer: string;
  integrity: string;
  status: VerifyStatus;
  subIndication?: string;
  signingTime: string | null;
  timestamps: TimestampView[];
  level: string;
  depth: number;
  kind: 'signer' | 'countersignature';
  field?: string;
  qualified?: boolean;
  /** The qualification in the app's language (filled in by main). */
  qualificationText?: string;
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
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
/**
 * The texts of a report's findings (`{code, params, message}`): main fills in `message` in the app's language
 * (localizeReport) before the report crosses IPC; a finding without one shows its code, never raw params.
 */
const messages = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (isObj(x) ? str(x['message']) || str(x['code']) : '')).filter((x) => x !== '') : [];
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
  };
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
    signingTime: typeof v['signingTime'] === 'string' && v['signingTime'] ? v['signingTime'] : null,
    timestamps: timestamps(v['timestamps']),
    level: str(v['level']),
    depth: typeof v['depth'] === 'number' && Number.isFinite(v['depth']) ? v['depth'] : 0,
    kind: v['kind'] === 'countersignature' ? 'countersignature' : 'signer',
    ...(typeof v['field'] === 'string' ? { field: v['field'] } : {}),
    ...(cert && typeof cert['qualified'] === 'boolean' ? { qualified: cert['qualified'] } : {}),
    ...(typeof v['qualificationText'] === 'string' ? { qualificationText: v['qualificationText'] } : {}),
    warnings: messages(v['warnings']),
    problems: messages(v['problems']),
  };
}

/** One report, or several when the bridge returns an array. */
export function readReports(value: unknown, fallbackName: string): FileReportView[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (!isObj(v)) return { file: fallbackName, format: '', status: 'indeterminate', signatures: [], timestamps: [], problems: [] };
    return {
      file: str(v['file'], fallbackName) || fallbackName,
      format: str(v['format']),
      status: status(v['status']),
      signatures: Array.isArray(v['signatures']) ? v['signatures'].map(signature).filter((s): s is SignatureView => s !== null) : [],
      timestamps: timestamps(v['timestamps']),
      problems: messages(v['problems']),
    };
  });
}
