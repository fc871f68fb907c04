/**
 * The one typed contract between the renderer and the privileged side (Electron main, or the browser harness in
 * tests): every request, response and event, as zod schemas. Main validates every argument with these schemas
 * before acting; results are `{ ok: true, value } | { ok: false, error: { code, message } }`. The renderer only ever
 * sees opaque document ids, never file paths it did not get from main.
 */
import { z } from 'zod';
import { SettingsPatchSchema, SettingsViewSchema, TrustAnchorSchema, TsaSaveSchema } from '../settingsSchema.js';

export const PinStateSchema = z.enum(['ok', 'countLow', 'finalTry', 'locked', 'toBeChanged', 'notInitialized']);

export const TokenSchema = z.object({
  module: z.string(),
  slotId: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string(),
  userPin: PinStateSchema,
  soPin: PinStateSchema,
  pinpad: z.boolean(),
  profile: z.string(),
});

export const CertificateSchema = z.object({
  token: z.string(),
  id: z.string(),
  name: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  daysLeft: z.number(),
  nonRepudiation: z.boolean(),
  qualified: z.boolean(),
  isCA: z.boolean(),
  hasPrivateKey: z.boolean(),
  fingerprintSha256: z.string(),
});

export const DocumentSchema = z.object({
  /** Opaque id handed out by main; the renderer never sees the path. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  name: z.string(),
  size: z.number().int().nonnegative(),
  kind: z.enum(['pdf', 'signed', 'other']),
});

/**
 * A visible signature's box (PAdES): page 1-based, rect x, y, width, height in PDF points as the page is seen (its
 * /Rotate applied), origin bottom-left, as chosen on the page preview.
 */
export const VisibleSchema = z.object({
  page: z.number().int().min(1).max(100_000),
  rect: z.tuple([z.number().min(0), z.number().min(0), z.number().min(8), z.number().min(8)]).refine((r) => r.every(Number.isFinite) && r[0] + r[2] <= 20_000 && r[1] + r[3] <= 20_000),
});

/** One file of a batch with its own format: a mixed PAdES/CAdES batch is one run and one PIN. */
export const SignItemSchema = z.object({
  document: DocumentSchema.shape.id,
  format: z.enum(['cades', 'pades']),
  visible: VisibleSchema.optional(),
});

export const SignRequestSchema = z.object({
  items: z.array(SignItemSchema).min(1).max(500),
  detached: z.boolean().default(false),
  token: z.string().optional(),
  /**
   * The certificate to sign with (its PKCS#11 CKA_ID in hex, as `certs:list` gives it) on `token`, chosen on Firma
   * before signing; absent: the token's one signature (nonRepudiation) certificate.
   */
  certificate: z.string().max(256).optional(),
  /** Id of a TSA account of the settings: main resolves its URL, user and password (never sent here). */
  tsaAccount: z.string().max(64).optional(),
  reason: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
  /**
   * CAdES of a document that is already a .p7m/.p7s: a parallel signature (the default, as in `sigla sign`), the
   * envelope signed again (`nested`), or a countersignature of its signers (RFC 5652 §11.4). `parallel` and
   * `countersign` refuse (USAGE) a batch with a CAdES document that is not a signature.
   */
  mode: z.enum(['parallel', 'nested', 'countersign']).optional(),
  /**
   * The baseline level (ETSI EN 319 142-1 / 319 122-1): B-B without a TSA, B-T with one when absent; B-LT adds the
   * validation data (network), B-LTA also a document time-stamp (PAdES; CAdES refused until connected).
   */
  level: z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']).optional(),
  /** The digest algorithm (ETSI TS 119 312): SHA-256 unless the user asks for more. */
  digest: z.enum(['sha256', 'sha384', 'sha512']).default('sha256'),
  /** A countersignature of these signers only (1-based, as the verification report numbers them); all when absent. */
  countersign: z.array(z.number().int().min(1).max(1000)).min(1).max(100).optional(),
  /** A parallel signature added to a detached .p7s: the document it signs (chosen with purpose `content`). */
  detachedContent: DocumentSchema.shape.id.optional(),
});

export const SignResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  ok: z.boolean(),
  output: DocumentSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Said before signing and kept with the result: a file that claims PDF/A but already breaks it (PDFA_ALREADY_INVALID). */
  warning: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const PinRequestSchema = z.object({
  requestId: z.number().int(),
  tokenLabel: z.string(),
  state: z.string(),
  kind: z.enum(['user', 'context', 'current', 'new', 'puk']),
  confirm: z.boolean(),
  pukWarning: z.string().optional(),
  /** For `puk`: what a locked PUK means for this device (token profile). */
  pukLockedMeans: z.enum(['unusable', 'reset-by-admin']).optional(),
  /** What the PIN must look like (checked in the dialog before it is sent: a malformed PIN would end the operation). */
  rule: z.object({ minLength: z.number().int(), maxLength: z.number().int().optional(), digitsOnly: z.boolean(), exactLengths: z.array(z.number().int()).optional() }).optional(),
  /** Set when this request follows a PIN that was wrong (or malformed): the dialog says so; `state` is the new state. */
  retryAfter: z.enum(['PIN_INCORRECT', 'PIN_FORMAT']).optional(),
});

/**
 * `pin:pinpad`: a login on a reader with its own keypad is waiting for the PIN (`active: true`) or is over
 * (`active: false`, same requestId). Only the token's label and PIN state: the PIN never reaches the computer.
 */
export const PinpadEventSchema = z.object({
  requestId: z.number().int(),
  tokenLabel: z.string(),
  state: z.string(),
  /** `context`: the per-signature PIN of a key that asks for it at each signature. */
  kind: z.enum(['user', 'context']),
  active: z.boolean(),
  /** Set when this login follows a wrong PIN typed on the reader: the dialog says so; `state` is the new state. */
  retryAfter: z.literal('PIN_INCORRECT').optional(),
});

export const PinResponseSchema = z.object({
  requestId: z.number().int(),
  /** The PIN typed; never logged, dropped by main as soon as it is handed to the token host. */
  pin: z.string().max(64).optional(),
  confirmed: z.boolean().optional(),
  cancel: z.boolean().optional(),
});

/** A renewal reminder (electron/app/Reminders.ts): a remembered signing certificate near or past its expiry. */
export const ReminderSchema = z.object({
  fingerprintSha256: z.string(),
  name: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  daysLeft: z.number().int(),
  /** The lead time (days) this reminder belongs to, e.g. 60 for a certificate expiring in 40 days; 0 once expired. */
  threshold: z.number().int().nonnegative(),
  expired: z.boolean(),
});

/**
 * The reminders to show and what to do: `instructions` are the office's own (settings.json), null when not set;
 * `advice` is the text main uses (those instructions, or the default advice in main's language).
 */
export const ReminderListSchema = z.object({ reminders: z.array(ReminderSchema), instructions: z.string().nullable(), advice: z.string() });

/** Files opened from the operating system (file associations, "Open with"), and the screen they belong to. */
export const OpenedDocumentsSchema = z.object({ route: z.enum(['verifica', 'firma']), documents: z.array(DocumentSchema) });

/** `pin:run`: check, change or unblock (with the PUK) the PIN of one token; PINs are asked with `pin:request`. */
export const PinRunRequestSchema = z.object({
  token: z.string().min(1).max(64),
  module: z.string().max(1024).optional(),
  op: z.enum(['check', 'change', 'unblock']),
});

/** The token's PIN and PUK state after the operation; `error` when it did not succeed (wrong PIN, cancelled…). */
export const PinRunResultSchema = z.object({
  op: z.enum(['check', 'change', 'unblock']),
  token: z.string(),
  ok: z.boolean(),
  userPin: z.union([PinStateSchema, z.literal('unknown')]),
  soPin: z.union([PinStateSchema, z.literal('unknown')]),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** What Sigla knows about a token's family (resources/token-profiles.json), in the app's language. */
export const TokenProfileInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  notes: z.string().optional(),
  pukWarning: z.string().optional(),
  pukLockedMeans: z.enum(['unusable', 'reset-by-admin']),
});

/** A PKCS#11 module (the middleware of a family of devices) as Dispositivi lists it. */
export const ModuleSchema = z.object({
  name: z.string(),
  path: z.string(),
  profile: z.string(),
  source: z.enum(['explicit', 'env', 'settings', 'known-path']),
  /** Tokens it shows now. */
  tokens: z.number().int().nonnegative(),
  /** Why it could not be loaded, in words. */
  error: z.string().optional(),
});

/**
 * One trusted list in use (electron/io/trustedLists: the EU LOTL or a member state's TL, ETSI TS 119 612) as
 * Impostazioni shows it. `reason` is a code; `reasonText` its words in the app's language (main's one catalog), when
 * it has some.
 */
export const TrustListStateSchema = z.object({
  territory: z.string(),
  isLotl: z.boolean(),
  sequenceNumber: z.number().optional(),
  issued: z.string().optional(),
  nextUpdate: z.string().optional(),
  source: z.string(),
  fetchedAt: z.string().optional(),
  valid: z.boolean(),
  reason: z.string().optional(),
  reasonText: z.string().optional(),
  /** Not valid: the sequence number of this territory's copy that stays in use, if any. */
  inUseSequenceNumber: z.number().optional(),
  stale: z.boolean(),
  daysPastNextUpdate: z.number().optional(),
  services: z.number().int().nonnegative().optional(),
});

/**
 * The trusted lists in use, the last update and the last attempt; `updating` while a fetch runs (on demand or the
 * background one of the first start); `lastError` the outcome of the last fetch this run of the app tried, when it
 * failed (offline: the last good copy stays in use).
 */
export const TrustListsStatusSchema = z.object({
  lists: z.array(TrustListStateSchema),
  lastUpdate: z.string().optional(),
  lastAttempt: z.string().optional(),
  lotlUrl: z.string(),
  updating: z.boolean(),
  lastError: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** `trustLists:progress`: a fetch of the lists started, went on (done of total lists) or ended (`running: false`). */
export const TrustListsProgressSchema = z.object({
  running: z.boolean(),
  /** The fetch of the first start (or the daily refresh), not one the user asked for. */
  background: z.boolean(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  territory: z.string().optional(),
});

/**
 * Verifica's signed document (app/SignedContent.ts): what the signatures cover, through every envelope (a PDF: itself),
 * with its name, size and type; the PDF (base64) or the text when at most 50 MB (`tooLarge` otherwise), a text cut
 * when very long (`truncated`).
 */
export const SignedContentSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  type: z.enum(['pdf', 'text', 'other']),
  layers: z.array(z.enum(['p7m', 'tsd', 'm7m'])),
  tooLarge: z.boolean(),
  truncated: z.boolean(),
  base64: z.string().optional(),
  text: z.string().optional(),
});

/** One finding of the PEC check (issue 15), its explanation and fix already in the app's language. */
export const PecFindingSchema = z.object({ code: z.string(), severity: z.enum(['block', 'warn']), message: z.string(), fix: z.string() });

/** `pec:check`: per file (by the document id it was asked with), the findings; `ok` when nothing blocks. */
export const PecReportSchema = z.object({
  ok: z.boolean(),
  profile: z.string(),
  totalSize: z.number(),
  maxTotalBytes: z.number(),
  files: z.array(
    z.object({
      document: DocumentSchema.shape.id,
      name: z.string(),
      role: z.enum(['main', 'attachment']),
      type: z.string(),
      signed: z.boolean(),
      findings: z.array(PecFindingSchema),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});

/**
 * Dispositivi → «Usa la CNS nei browser» (app/BrowserActions.ts over io/browsers): the module, each browser database
 * with its state (and, after register / unregister, what was done), and which certificate serves web authentication.
 */
export const BrowserDatabaseSchema = z.object({
  browser: z.enum(['firefox', 'firefox-snap', 'firefox-flatpak', 'chrome-shared', 'chromium-snap', 'windows-store']),
  profile: z.string(),
  path: z.string(),
  state: z.enum(['registered-by-sigla', 'registered', 'via-p11-kit', 'not-registered', 'locked', 'unsupported']),
  entry: z.string().optional(),
  reason: z.enum(['legacy-dbm', 'no-database', 'no-provider']).optional(),
  action: z.enum(['added', 'removed', 'unchanged']).optional(),
});

export const BrowsersViewSchema = z.object({
  module: z.string().nullable(),
  databases: z.array(BrowserDatabaseSchema),
  certificates: z.array(z.object({ token: z.string(), label: z.string(), name: z.string(), subject: z.string(), nickname: z.string(), use: z.enum(['authentication', 'signature']) })),
  /** Whether NSS's tstclnt is installed (the access test needs it). */
  canTest: z.boolean(),
});

/** Requests: channel → [argument schema, result schema]. */
export const REQUESTS = {
  'app:info': [z.object({}), z.object({ version: z.string(), lang: z.enum(['it', 'en']) })],
  'tokens:list': [z.object({}), z.array(TokenSchema)],
  'certs:list': [z.object({ token: z.string().optional() }), z.array(CertificateSchema)],
  /**
   * `trustedList`: TL/LOTL XML files; `listSigners`: the certificates that sign them; `content`: the document a
   * detached signature (.p7s) signs.
   */
  'documents:pick': [z.object({ purpose: z.enum(['sign', 'verify', 'certificate', 'trustedList', 'listSigners', 'content']) }), z.array(DocumentSchema)],
  'sign:run': [SignRequestSchema, z.array(SignResultSchema)],
  /** Stops a running batch after the file being signed: the rest are reported as not signed. */
  'sign:cancel': [z.object({}), z.null()],
  /** The bytes of a PDF the user chose, for the page preview (pdfjs in the renderer). */
  'documents:pdf': [z.object({ document: DocumentSchema.shape.id }), z.object({ base64: z.string() })],
  /**
   * The beginning of a document as text, for the preview before signing: at most 64 KiB, UTF-8 (else Windows-1252);
   * `binary` when it holds NUL bytes (not shown).
   */
  'documents:text': [z.object({ document: DocumentSchema.shape.id }), z.object({ text: z.string(), truncated: z.boolean(), binary: z.boolean() })],
  /**
   * Opens a file Sigla wrote in this session (a signed output) with the system's application for it (Electron:
   * shell.openPath); any other document is refused (USAGE).
   */
  'documents:open': [z.object({ document: DocumentSchema.shape.id }), z.null()],
  /** Shows a document in the system's file manager (Electron: shell.showItemInFolder). */
  'documents:reveal': [z.object({ document: DocumentSchema.shape.id }), z.null()],
  /** `content`: the document a detached signature (.p7s) signs, chosen by the user when it is not beside it. */
  'verify:run': [z.object({ document: DocumentSchema.shape.id, content: DocumentSchema.shape.id.optional() }), z.unknown()],
  /** Writes the document inside a .p7m/.tsd/.m7m beside it (never over an existing file). */
  'verify:extract': [z.object({ document: DocumentSchema.shape.id }), DocumentSchema],
  /** "Estendi la firma": the PDF's signatures raised to B-LT or B-LTA, written beside it (app/ExtendActions.ts). */
  'verify:extend': [z.object({ document: DocumentSchema.shape.id, level: z.enum(['B-LT', 'B-LTA']) }), DocumentSchema],
  /** Writes the verification report beside the file: plain text or PDF in the app's language, or JSON. */
  'verify:saveReport': [z.object({ document: DocumentSchema.shape.id, format: z.enum(['txt', 'json', 'pdf']), content: DocumentSchema.shape.id.optional() }), DocumentSchema],
  /** The signed document of a file for Verifica's preview; EXTRACT_SIGNATURE_INVALID when a signature over it failed. */
  'verify:content': [z.object({ document: DocumentSchema.shape.id }), SignedContentSchema],
  /** Opens the signed document with the system's viewer, from a private temp folder removed when the app closes. */
  'verify:openContent': [z.object({ document: DocumentSchema.shape.id }), z.null()],
  /** Saves the signed document where the user says (main's save dialog); `saved: false` when cancelled. */
  'verify:saveContent': [z.object({ document: DocumentSchema.shape.id }), z.object({ saved: z.boolean(), name: z.string().optional() })],
  'pin:respond': [PinResponseSchema, z.null()],
  'reminders:list': [z.object({}), ReminderListSchema],
  'reminders:snooze': [z.object({ fingerprintSha256: z.string().regex(/^[0-9A-Fa-f:]{16,128}$/) }), ReminderListSchema],
  /** Files opened from the OS before the renderer was listening; handing them out empties the queue. */
  'documents:takeOpened': [z.object({}), z.array(OpenedDocumentsSchema)],
  'pin:run': [PinRunRequestSchema, PinRunResultSchema],
  'tokens:profile': [z.object({ profile: z.string().max(64) }), TokenProfileInfoSchema],
  'modules:list': [z.object({}), z.array(ModuleSchema)],
  // Impostazioni and Certificati (app/SettingsActions.ts, app/TrustActions.ts, app/CertificateExport.ts)
  'settings:get': [z.object({}), SettingsViewSchema],
  'settings:update': [SettingsPatchSchema, SettingsViewSchema],
  'tsa:save': [TsaSaveSchema, SettingsViewSchema],
  'tsa:delete': [z.object({ id: z.string().max(64) }), SettingsViewSchema],
  'tsa:test': [z.object({ id: z.string().max(64) }), z.object({ time: z.string(), tsa: z.string() })],
  'trust:list': [z.object({}), z.array(TrustAnchorSchema)],
  'trust:import': [z.object({ document: DocumentSchema.shape.id }), z.object({ imported: z.array(TrustAnchorSchema), anchors: z.array(TrustAnchorSchema) })],
  'trust:remove': [z.object({ id: TrustAnchorSchema.shape.id }), z.array(TrustAnchorSchema)],
  // Elenchi di fiducia (app/TrustListActions.ts over io/trustedLists)
  'trustLists:status': [z.object({}), TrustListsStatusSchema],
  /** Fetches the LOTL and the member states' lists now; progress as `trustLists:progress`; CANCELLED when stopped. */
  'trustLists:update': [z.object({}), TrustListsStatusSchema],
  /** Stops a running `trustLists:update` (the lists in use stay as they were). */
  'trustLists:cancel': [z.object({}), z.null()],
  /** Imports TL/LOTL files picked through main, checked against the signer certificates picked with them. */
  'trustLists:import': [z.object({ documents: z.array(DocumentSchema.shape.id).min(1).max(50), signers: z.array(DocumentSchema.shape.id).max(50).default([]) }), TrustListsStatusSchema],
  /** Firma: whether a document can be converted to PDF/A (its converter, installed or not) and what it declares now. */
  'pdfa:status': [z.object({ document: DocumentSchema.shape.id }), z.object({ converter: z.enum(['libreoffice', 'ghostscript']).nullable(), installed: z.boolean(), pdfa: z.string().nullable() })],
  /**
   * Firma's "Converti in PDF/A": a checked PDF/A copy beside the document (`NAME-pdfa.pdf`, a free name), which
   * replaces it in the list; CONVERTER_MISSING says what to install.
   */
  'pdfa:convert': [
    z.object({ document: DocumentSchema.shape.id, level: z.enum(['1b', '2b', '3b']).default('2b') }),
    z.object({ document: DocumentSchema, level: z.enum(['1b', '2b', '3b']), fonts: z.number().int().nonnegative() }),
  ],
  // Prepara per la PEC (io/pec/checkPecFiles.ts): the files of one message, `main` its main document (default: the first).
  'pec:profiles': [z.object({}), z.array(z.object({ name: z.string(), title: z.string() }))],
  'pec:check': [z.object({ documents: z.array(DocumentSchema.shape.id).min(1).max(50), main: DocumentSchema.shape.id.optional(), profile: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).optional() }), PecReportSchema],
  'browsers:status': [z.object({}), BrowsersViewSchema],
  'browsers:register': [z.object({}), BrowsersViewSchema],
  'browsers:unregister': [z.object({}), BrowsersViewSchema],
  /**
   * A real TLS client authentication through one database (a path `browsers:status` gave) with the token's
   * authentication certificate: the PIN is asked in the PIN dialog; the result says which certificate was offered.
   */
  'browsers:test': [z.object({ path: z.string().max(4096) }), z.object({ authenticated: z.boolean(), subject: z.string().optional(), use: z.enum(['authentication', 'signature', 'ca', 'other']).optional() })],
  'certs:export': [
    z.object({ token: z.string().max(200), id: z.string().max(200), fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/), format: z.enum(['der', 'pem']).default('der') }),
    z.object({ saved: z.boolean(), name: z.string().optional() }),
  ],
} as const;

export type Channel = keyof typeof REQUESTS;
/** Why main is asked to let the user choose files (each its own dialog filter). */
export type PickPurpose = z.output<(typeof REQUESTS)['documents:pick'][0]>['purpose'];
export type RequestOf<C extends Channel> = z.input<(typeof REQUESTS)[C][0]>;
export type ResultOf<C extends Channel> = z.output<(typeof REQUESTS)[C][1]>;

/** Events main sends to the renderer. */
export const EVENTS = {
  'pin:request': PinRequestSchema,
  'pin:pinpad': PinpadEventSchema,
  'tokens:changed': z.object({ type: z.enum(['inserted', 'removed', 'changed']), token: TokenSchema }),
  'sign:progress': z.object({ id: z.string(), done: z.number().int(), total: z.number().int() }),
  'reminders:due': ReminderListSchema.extend({ reason: z.enum(['start', 'daily', 'certificates']) }),
  /** The user clicked a reminder's OS notification: show Certificati. */
  'reminders:show': z.object({}),
  'documents:opened': OpenedDocumentsSchema,
  'trustLists:progress': TrustListsProgressSchema,
  /** The lists in use changed (an update, an import, the background refresh). */
  'trustLists:changed': TrustListsStatusSchema,
} as const;

export type EventName = keyof typeof EVENTS;
export type EventOf<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** What preload exposes as `window.sigla` (and the browser harness emulates). */
export interface SiglaApi {
  invoke<C extends Channel>(channel: C, args: RequestOf<C>): Promise<Result<ResultOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  /**
   * Files dropped on the window (a drop event's `dataTransfer.files`): preload resolves them to paths with
   * `webUtils.getPathForFile`, which the page never sees, and main answers with opaque documents.
   */
  dropFiles(files: ArrayLike<unknown>, purpose: 'sign' | 'verify'): Promise<Result<ResultOf<'documents:pick'>>>;
}
