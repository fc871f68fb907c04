/**
 * A fake `window.sigla` for working on the UI without Electron: canned devices, certificates, documents and
 * reports, and a signing run that asks for the PIN like main does. Loaded by main.tsx only behind `?mock=1` in a
 * build that allows it; never part of a production build.
 *
 * URL knobs (with ?mock=1): pin=countLow|finalTry|puk (state of the PIN request), tokens=0|1|3 (how many devices),
 * reminders=1 (a renewal reminder).
 */
import type { Channel, EventName, EventOf, RequestOf, Result, ResultOf, SiglaApi } from '../../electron/shared/ipc/contract';

import { settingsMock } from './devMockSettings';
import { trustListsMock } from './devMockTrustLists';

type Listener = (payload: never) => void;

const params = new URLSearchParams(window.location.search);
const day = 86_400_000;
const iso = (offsetDays: number): string => new Date(Date.now() + offsetDays * day).toISOString();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const ALL_TOKENS: ResultOf<'tokens:list'> = [
  { module: 'libbit4xpki.so', slotId: '0', label: 'BusinessKey Mario Rossi', manufacturer: 'Bit4id', model: 'Digital-DNA Key', serial: '7420001234567', userPin: 'ok', soPin: 'ok', pinpad: false, profile: 'bit4id' },
  { module: 'libbit4ipki.so', slotId: '1', label: 'CNS Regione Lazio', manufacturer: 'Athena', model: 'IDProtect', serial: '0032918845', userPin: 'countLow', soPin: 'ok', pinpad: true, profile: 'cns' },
  { module: 'libASEP11.so', slotId: '2', label: 'Smart card Ufficio Protocollo', manufacturer: 'Athena', model: 'ASECard', serial: 'A1B2C3D4', userPin: 'locked', soPin: 'countLow', pinpad: false, profile: 'generic' },
];

const wantedTokens = Number(params.get('tokens') ?? '1');
const tokens = ALL_TOKENS.slice(0, Number.isFinite(wantedTokens) ? Math.max(0, Math.min(3, wantedTokens)) : 1);

const CERTS: ResultOf<'certs:list'> = [
  { token: 'BusinessKey Mario Rossi', id: '01', name: 'Mario Rossi', subject: 'CN=Mario Rossi,SERIALNUMBER=TINIT-RSSMRA80A01H501U', issuer: 'InfoCert Firma Qualificata 2', notBefore: iso(-700), notAfter: iso(395), daysLeft: 395, nonRepudiation: true, qualified: true, isCA: false, hasPrivateKey: true, fingerprintSha256: 'aa' },
  { token: 'BusinessKey Mario Rossi', id: '02', name: 'Mario Rossi', subject: 'CN=RSSMRA80A01H501U/7420001234567', issuer: 'InfoCert Servizi di Certificazione 3', notBefore: iso(-700), notAfter: iso(12), daysLeft: 12, nonRepudiation: false, qualified: false, isCA: false, hasPrivateKey: true, fingerprintSha256: 'bb' },
  { token: 'BusinessKey Mario Rossi', id: '03', name: 'InfoCert Firma Qualificata 2', subject: 'CN=InfoCert Firma Qualificata 2', issuer: 'InfoCert Firma Qualificata 2', notBefore: iso(-3000), notAfter: iso(2100), daysLeft: 2100, nonRepudiation: false, qualified: false, isCA: true, hasPrivateKey: false, fingerprintSha256: 'cc' },
  { token: 'CNS Regione Lazio', id: '01', name: 'Giulia Bianchi', subject: 'CN=Giulia Bianchi', issuer: 'Regione Lazio CA Cittadini', notBefore: iso(-1900), notAfter: iso(-20), daysLeft: -20, nonRepudiation: false, qualified: false, isCA: false, hasPrivateKey: true, fingerprintSha256: 'dd' },
];

const SIGN_DOCS: ResultOf<'documents:pick'> = [
  { id: 'doc_delibera_042', name: 'Delibera 42-2025.pdf', size: 183_421, kind: 'pdf' },
  { id: 'doc_allegato_a01', name: 'Allegato A - Relazione tecnica.docx', size: 48_230, kind: 'other' },
  { id: 'doc_tabella_cost', name: 'Tabella costi 2025.xlsx', size: 2_310_554, kind: 'other' },
  { id: 'doc_nota_trasm01', name: 'Nota di trasmissione al Segretario generale dell’Ente per la pubblicazione all’albo pretorio on-line.txt', size: 412, kind: 'other' },
];

/** A one-page PDF written out here (cross-reference offsets computed), for the page preview. */
function samplePdf(title: string): string {
  const content = `BT /F1 24 Tf 72 720 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return btoa(out);
}

const VERIFY_DOCS: ResultOf<'documents:pick'> = [
  { id: 'ver_determina_p7m', name: 'Determina 118.pdf.p7m', size: 240_112, kind: 'signed' },
  { id: 'ver_contratto_pdf', name: 'Contratto fornitura-firmato.pdf', size: 512_004, kind: 'pdf' },
  { id: 'ver_verbale_p7m01', name: 'Verbale seduta.docx.p7m', size: 61_870, kind: 'signed' },
];

const REPORTS: Record<string, unknown> = {
  ver_determina_p7m: {
    file: 'Determina 118.pdf.p7m',
    format: 'p7m',
    status: 'passed',
    signatures: [
      { signer: 'Mario Rossi', integrity: 'valid', status: 'passed', signingTime: iso(-3), timestamps: [{ time: iso(-3), tsa: 'InfoCert Time Stamping Authority 3', integrity: 'valid', imprintMatches: true, kind: 'signature', trusted: true, qualified: true, trustedList: { country: 'IT', tsp: 'InfoCert S.p.A.', service: 'InfoCert Time Stamping Authority', status: 'granted' } }], level: 'B-T', depth: 0, kind: 'signer', certificate: { qualified: true }, qualification: 'QESig', qualificationText: 'Firma elettronica qualificata', trustedList: { country: 'IT', tsp: 'InfoCert S.p.A.', service: 'InfoCert Firma Qualificata 2', status: 'granted' }, warnings: [{ code: 'NOT_REVOKED', params: { source: 'OCSP' }, message: 'Certificato non revocato (fonte: OCSP).' }], problems: [] },
      { signer: 'Giulia Bianchi', integrity: 'valid', status: 'passed', signingTime: iso(-2), timestamps: [], level: 'B-B', depth: 0, kind: 'countersignature', certificate: { qualified: true }, qualification: 'AdESig-QC', qualificationText: 'Firma elettronica avanzata con certificato qualificato', warnings: [], problems: [] },
    ],
  },
  ver_contratto_pdf: {
    file: 'Contratto fornitura-firmato.pdf',
    format: 'pdf',
    status: 'failed',
    signatures: [{ signer: 'Luca Verdi', integrity: 'invalid', status: 'failed', subIndication: 'HASH_FAILURE', signingTime: iso(-40), timestamps: [], level: 'B-B', depth: 0, kind: 'signer', field: 'Signature1', warnings: [], problems: [{ code: 'MESSAGE_DIGEST_MISMATCH', params: {}, message: 'L\'impronta firmata non corrisponde al contenuto: il documento è stato modificato dopo la firma oppure non è quello firmato.' }] }],
  },
  ver_verbale_p7m01: {
    file: 'Verbale seduta.docx.p7m',
    format: 'p7m',
    status: 'indeterminate',
    signatures: [{ signer: 'Anna Neri', integrity: 'valid', status: 'indeterminate', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', signingTime: null, timestamps: [], level: 'BES-legacy', depth: 1, kind: 'signer', warnings: [{ code: 'REVOCATION_NOT_CHECKED_OFFLINE', params: {}, message: 'La revoca del certificato non è stata controllata (verifica senza rete).' }], problems: [] }],
  },
};

export function installDevMock(): void {
  const listeners = new Map<EventName, Set<Listener>>();
  const pending = new Map<number, (r: RequestOf<'pin:respond'>) => void>();
  let nextRequest = 1;
  let picks = 0;
  // ?reminders=1: a signing certificate expiring in 40 days, as the renewal banner shows it.
  let reminders: ResultOf<'reminders:list'> = {
    reminders: params.get('reminders') === '1' ? [{ fingerprintSha256: 'ee'.repeat(32), name: 'Mario Rossi', subject: 'CN=Mario Rossi', notAfter: iso(40), daysLeft: 40, threshold: 60, expired: false }] : [],
    instructions: null,
    advice: '',
  };

  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    for (const l of listeners.get(event) ?? []) (l as (p: EventOf<E>) => void)(payload);
  };

  const askPin = (p: Omit<EventOf<'pin:request'>, 'requestId'>): Promise<RequestOf<'pin:respond'>> =>
    new Promise((resolve) => {
      const requestId = nextRequest++;
      pending.set(requestId, resolve);
      emit('pin:request', { requestId, ...p });
    });

  const ok = <T>(value: T): Result<T> => ({ ok: true, value });
  const fail = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });

  async function sign(req: RequestOf<'sign:run'>): Promise<Result<ResultOf<'sign:run'>>> {
    const token = tokens.find((t) => t.label === req.token) ?? tokens[0];
    if (!token) return fail('TOKEN_NOT_FOUND', 'Nessun dispositivo di firma trovato: inserisci la chiavetta o la smart card.');
    const mode = params.get('pin') ?? 'ok';
    const state = mode === 'countLow' || mode === 'finalTry' ? mode : 'ok';
    if (state === 'finalTry') {
      const c = await askPin({ tokenLabel: token.label, state, kind: 'user', confirm: true });
      if (!c.confirmed) return ok(req.items.map(({ document: id }) => ({ id, name: nameOf(id), ok: false, error: { code: 'PIN_FINAL_TRY_REFUSED', message: "Firma annullata: hai scelto di non usare l'ultimo tentativo del PIN." } })));
    }
    // A pinpad reader (the CNS): the window only says "type the PIN on the reader" for a while.
    if (token.pinpad && mode !== 'puk') {
      const requestId = nextRequest++;
      emit('pin:pinpad', { requestId, tokenLabel: token.label, state, kind: 'user', active: true });
      await sleep(3000);
      emit('pin:pinpad', { requestId, tokenLabel: token.label, state, kind: 'user', active: false });
    }
    const r = token.pinpad && mode !== 'puk' ? { requestId: 0, pin: 'pinpad' } : await askPin({
      tokenLabel: token.label,
      state: mode === 'puk' ? 'countLow' : state,
      kind: mode === 'puk' ? 'puk' : 'user',
      confirm: false,
      ...(mode === 'puk' ? { pukWarning: 'Se sbagli il PUK troppe volte la chiavetta non sarà più utilizzabile e andrà sostituita. Nel dubbio fermati e recupera la busta del PUK.' } : {}),
    });
    if (r.cancel || r.pin === undefined) return ok(req.items.map(({ document: id }) => ({ id, name: nameOf(id), ok: false, error: { code: 'CANCELLED', message: 'Operazione annullata.' } })).slice(0, 1));
    const results: ResultOf<'sign:run'> = [];
    for (const [i, { document: id, format }] of req.items.entries()) {
      await sleep(700);
      const name = nameOf(id);
      if (name.endsWith('.xlsx') && r.pin === '0000') results.push({ id, name, ok: false, error: { code: 'OUTPUT_EXISTS', message: `Il file «${name}.p7m» esiste già: rinominalo o spostalo e riprova.` } });
      else {
        const outName = format === 'pades' ? name.replace(/\.pdf$/i, '-firmato.pdf') : `${name}.${req.detached ? 'p7s' : 'p7m'}`;
        results.push({ id, name, ok: true, output: { id: `out_${id}`.slice(0, 64), name: outName, size: 1000, kind: format === 'pades' ? 'pdf' : 'signed' } });
      }
      emit('sign:progress', { id, done: i + 1, total: req.items.length });
    }
    return ok(results);
  }

  const trustLists = trustListsMock(emit);

  const nameOf = (id: string): string => SIGN_DOCS.find((d) => d.id === id)?.name ?? id;

  async function handle(channel: Channel, args: unknown): Promise<Result<unknown>> {
    await sleep(150);
    switch (channel) {
      case 'app:info':
        return ok({ version: '0.1.0 (prova)', lang: 'it' });
      case 'tokens:list':
        await sleep(350);
        return ok(tokens);
      case 'certs:list':
        await sleep(300);
        return ok(tokens.length ? CERTS.filter((c) => tokens.some((t) => t.label === c.token)) : []);
      case 'documents:pick':
        picks++;
        return ok((args as RequestOf<'documents:pick'>).purpose === 'sign' ? (picks > 1 ? SIGN_DOCS.slice(0, 1) : SIGN_DOCS) : VERIFY_DOCS);
      case 'sign:run':
        return sign(args as RequestOf<'sign:run'>);
      case 'verify:run': {
        await sleep(600);
        const id = (args as RequestOf<'verify:run'>).document;
        const report = REPORTS[id];
        if (report) return ok(report);
        if (id.startsWith('out_')) return ok({ file: id, format: 'p7m', status: 'passed', signatures: [{ signer: 'Mario Rossi', integrity: 'valid', status: 'passed', signingTime: iso(0), timestamps: [], level: 'B-B', depth: 0, kind: 'signer', warnings: [], problems: [] }] });
        return fail('INPUT_FORMAT', 'Il file non contiene una firma riconoscibile.');
      }
      case 'verify:content':
        await sleep(200);
        return ok({ name: 'determina.txt', size: 64, type: 'text', layers: ['p7m'], tooLarge: false, truncated: false, text: 'Determina n. 12: si approva la spesa.\n' });
      case 'verify:openContent':
        return ok(null);
      case 'verify:saveContent':
        return ok({ saved: true, name: 'determina.txt' });
      case 'pin:run': {
        // Asks for the codes like main does (PUK, then the new PIN), and says they were right.
        const req = args as RequestOf<'pin:run'>;
        const token = tokens.find((t) => t.label === req.token);
        if (!token) return fail('TOKEN_NOT_FOUND', 'Nessun dispositivo di firma trovato.');
        const kinds = { check: ['user'], change: ['current', 'new'], unblock: ['puk', 'new'] } as const;
        for (const kind of kinds[req.op]) {
          const r = await askPin({ tokenLabel: token.label, state: kind === 'puk' ? token.soPin : kind === 'new' ? 'ok' : token.userPin, kind, confirm: false, ...(kind === 'new' ? { rule: { minLength: 5, maxLength: 8, digitsOnly: false } } : {}) });
          if (r.cancel || r.pin === undefined) return ok({ op: req.op, token: token.label, ok: false, userPin: token.userPin, soPin: token.soPin, error: { code: 'CANCELLED', message: 'Operazione annullata.' } });
        }
        return ok({ op: req.op, token: token.label, ok: true, userPin: 'ok', soPin: token.soPin });
      }
      case 'modules:list':
        return ok([{ name: 'bit4id (InfoCert BusinessKey, Aruba Key, CNS)', path: '/usr/lib/libbit4xpki.so', profile: 'bit4id', source: 'known-path', tokens: tokens.length }]);
      case 'tokens:profile':
        return ok({ id: 'bit4id', name: 'bit4id (InfoCert BusinessKey)', pukWarning: 'Il PUK si trova nella busta cieca consegnata con il dispositivo.', pukLockedMeans: 'unusable' });
      case 'pin:respond': {
        const r = args as RequestOf<'pin:respond'>;
        const waiter = pending.get(r.requestId);
        pending.delete(r.requestId);
        waiter?.(r);
        return ok(null);
      }
      case 'reminders:list':
        return ok(reminders);
      case 'reminders:snooze': {
        const fp = (args as RequestOf<'reminders:snooze'>).fingerprintSha256;
        reminders = { ...reminders, reminders: reminders.reminders.filter((r) => r.fingerprintSha256 !== fp) };
        return ok(reminders);
      }
      case 'documents:takeOpened':
        return ok([]);
      case 'documents:pdf':
        return ok({ base64: samplePdf(nameOf((args as RequestOf<'documents:pdf'>).document)) });
      case 'documents:text':
        return ok({ text: 'Al Segretario generale,\nsi trasmette la delibera n. 42 per la pubblicazione all’albo pretorio on-line.\n\nCordiali saluti.\n', truncated: false, binary: false });
      case 'documents:open':
        // The app opens the signed file with the system's application; the fake only accepts its own outputs.
        return (args as RequestOf<'documents:open'>).document.startsWith('out_') ? ok(null) : fail('USAGE', 'Uso non valido: solo i file scritti da Sigla.');
      case 'documents:reveal':
        return ok(null);
      default:
        return (await trustLists(channel)) ?? settingsMock(channel, args) ?? fail('USAGE', `canale sconosciuto ${channel}`);
    }
  }

  const bridge: SiglaApi = {
    invoke: (channel, args) => handle(channel, args) as never,
    // The fake knows only its own sample documents: a drop adds them by name.
    dropFiles: async (files, purpose) => {
      const names = new Set(Array.from(files as ArrayLike<File>).map((f) => f.name));
      return ok((purpose === 'sign' ? SIGN_DOCS : VERIFY_DOCS).filter((d) => names.has(d.name)));
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
  window.sigla = bridge;
  // For driving the fake from the console or a browser test: window.siglaMock.emit('tokens:changed', {...}).
  (window as unknown as { siglaMock: { emit: typeof emit } }).siglaMock = { emit };
}
