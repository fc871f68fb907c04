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

export const SignRequestSchema = z.object({
  documents: z.array(DocumentSchema.shape.id).min(1).max(500),
  format: z.enum(['cades', 'pades']),
  detached: z.boolean().default(false),
  token: z.string().optional(),
  /** Id of a TSA account of the settings: main resolves its URL, user and password (never sent here). */
  tsaAccount: z.string().max(64).optional(),
  reason: z.string().max(200).optional(),
  visible: z.boolean().default(false),
});

export const SignResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  ok: z.boolean(),
  output: DocumentSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const PinRequestSchema = z.object({
  requestId: z.number().int(),
  tokenLabel: z.string(),
  state: z.string(),
  kind: z.enum(['user', 'context', 'current', 'new', 'puk']),
  confirm: z.boolean(),
  pukWarning: z.string().optional(),
});

export const PinResponseSchema = z.object({
  requestId: z.number().int(),
  /** The PIN typed; never logged, dropped by main as soon as it is handed to the token host. */
  pin: z.string().max(64).optional(),
  confirmed: z.boolean().optional(),
  cancel: z.boolean().optional(),
});

/** Requests: channel → [argument schema, result schema]. */
export const REQUESTS = {
  'app:info': [z.object({}), z.object({ version: z.string(), lang: z.enum(['it', 'en']) })],
  'tokens:list': [z.object({}), z.array(TokenSchema)],
  'certs:list': [z.object({ token: z.string().optional() }), z.array(CertificateSchema)],
  'documents:pick': [z.object({ purpose: z.enum(['sign', 'verify', 'certificate']) }), z.array(DocumentSchema)],
  'sign:run': [SignRequestSchema, z.array(SignResultSchema)],
  'verify:run': [z.object({ document: DocumentSchema.shape.id }), z.unknown()],
  'pin:respond': [PinResponseSchema, z.null()],
  // Impostazioni and Certificati (app/SettingsActions.ts, app/TrustActions.ts, app/CertificateExport.ts)
  'settings:get': [z.object({}), SettingsViewSchema],
  'settings:update': [SettingsPatchSchema, SettingsViewSchema],
  'tsa:save': [TsaSaveSchema, SettingsViewSchema],
  'tsa:delete': [z.object({ id: z.string().max(64) }), SettingsViewSchema],
  'tsa:test': [z.object({ id: z.string().max(64) }), z.object({ time: z.string(), tsa: z.string() })],
  'trust:list': [z.object({}), z.array(TrustAnchorSchema)],
  'trust:import': [z.object({ document: DocumentSchema.shape.id }), z.object({ imported: z.array(TrustAnchorSchema), anchors: z.array(TrustAnchorSchema) })],
  'trust:remove': [z.object({ id: TrustAnchorSchema.shape.id }), z.array(TrustAnchorSchema)],
  'certs:export': [
    z.object({ token: z.string().max(200), id: z.string().max(200), fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/), format: z.enum(['der', 'pem']).default('der') }),
    z.object({ saved: z.boolean(), name: z.string().optional() }),
  ],
} as const;

export type Channel = keyof typeof REQUESTS;
export type RequestOf<C extends Channel> = z.input<(typeof REQUESTS)[C][0]>;
export type ResultOf<C extends Channel> = z.output<(typeof REQUESTS)[C][1]>;

/** Events main sends to the renderer. */
export const EVENTS = {
  'pin:request': PinRequestSchema,
  'tokens:changed': z.object({ type: z.enum(['inserted', 'removed', 'changed']), token: TokenSchema }),
  'sign:progress': z.object({ id: z.string(), done: z.number().int(), total: z.number().int() }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventOf<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** What preload exposes as `window.sigla` (and the browser harness emulates). */
export interface SiglaApi {
  invoke<C extends Channel>(channel: C, args: RequestOf<C>): Promise<Result<ResultOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}
