/**
 * What each finding of the PEC check (core/pec/PecFinding.ts) means and how to fix it, in Italian and English: the
 * one place its words are. `{name}` placeholders take the finding's params (template.ts). Also the names of the
 * document types, as a clerk knows them.
 */
import type { DocumentType, PecFinding, PecFindingCode } from '../pecCodes.js';
import type { Lang } from './locale.js';
import { fillTemplate } from './template.js';

interface Text {
  readonly message: string;
  readonly fix: string;
}

const IT: Readonly<Record<PecFindingCode, Text>> = {
  FORMAT_NOT_ALLOWED: { message: 'Il formato del file ({type}) non è tra quelli accettati da questo profilo ({allowed}).', fix: 'Converti il documento in PDF/A (sigla pdfa) o in un formato accettato prima di inviarlo.' },
  ARCHIVE: { message: 'Il file è un archivio compresso ({type}): l\'ufficio non può protocollare ciò che contiene senza aprirlo.', fix: 'Estrai i documenti dall\'archivio e allegali uno per uno.' },
  EXECUTABLE: { message: 'Il file è un programma eseguibile: nessun ufficio lo accetta e può essere bloccato come pericoloso.', fix: 'Togli il file dal messaggio.' },
  NOT_SIGNED: { message: 'Il documento principale non è firmato digitalmente.', fix: 'Firmalo con Sigla (firma CAdES .p7m o firma nel PDF) prima di inviarlo.' },
  SIGNATURE_NOT_VALID: { message: 'La firma di {signers} non è valida: il documento è stato modificato dopo la firma o la firma è difettosa.', fix: 'Firma di nuovo il documento originale; controlla il rapporto con «sigla verify».' },
  SIGNATURE_INDETERMINATE: { message: 'Non si può stabilire se la firma di {signers} sia valida (ad esempio il certificato non risulta da una fonte fidata).', fix: 'Aggiorna gli elenchi di fiducia (sigla trust update) e controlla il rapporto con «sigla verify».' },
  NOT_QUALIFIED: { message: 'La firma non risulta qualificata ({qualification}): per molti uffici solo la firma qualificata equivale alla firma autografa.', fix: 'Firma con un certificato qualificato (smart card o dispositivo di firma) e aggiorna gli elenchi di fiducia.' },
  NOT_PDFA: { message: 'Il PDF non è PDF/A: non dichiara la conformità a PDF/A nei metadati, e la conservazione a lungo termine lo richiede.', fix: 'Converti il documento in PDF/A (sigla pdfa, oppure «Esporta come PDF/A» dal programma di videoscrittura) prima di firmarlo.' },
  FONT_NOT_EMBEDDED: { message: 'Il PDF usa caratteri non incorporati ({fonts}): su un altro computer il testo può apparire diverso.', fix: 'Rigenera il PDF incorporando i caratteri (o convertilo in PDF/A).' },
  JAVASCRIPT: { message: 'Il PDF contiene codice o azioni automatiche ({actions}): gli uffici rifiutano i documenti con contenuti attivi.', fix: 'Rigenera il PDF senza script né azioni (ad esempio stampandolo in PDF o convertendolo in PDF/A).' },
  EXTERNAL_LINK: { message: 'Il documento contiene collegamenti esterni ({links}): il suo contenuto dipende da qualcosa fuori dal documento.', fix: 'Togli i collegamenti o scrivi gli indirizzi come testo semplice, poi rigenera il file.' },
  EMBEDDED_FILE: { message: 'Il documento contiene altri file al suo interno ({files}): l\'ufficio non li vede né li protocolla.', fix: 'Togli i file incorporati e allegali al messaggio come file separati.' },
  XFA: { message: 'Il PDF è un modulo XFA: molti programmi non lo mostrano e non è ammesso in PDF/A.', fix: 'Stampa il modulo compilato in PDF (o convertilo in PDF/A) e invia quello.' },
  ENCRYPTED: { message: 'Il documento è cifrato o protetto da password: l\'ufficio non può aprirlo né conservarlo.', fix: 'Togli la protezione (salva una copia senza password) prima di firmare e inviare.' },
  MACROS: { message: 'Il documento contiene macro ({entries}): codice che si esegue all\'apertura, rifiutato dagli uffici.', fix: 'Salvalo senza macro (ad esempio .docx invece di .docm) o convertilo in PDF/A.' },
  DAMAGED: { message: 'Il file è danneggiato o illeggibile nella sua struttura ({detail}).', fix: 'Rigenera il file dal programma che l\'ha prodotto.' },
  TOO_LARGE: { message: 'Il messaggio pesa {total} byte in tutto, oltre il limite della casella PEC ({limit} byte): non verrà consegnato.', fix: 'Riduci i file (ad esempio immagini a risoluzione più bassa) o dividi gli allegati in più messaggi.' },
  MULTIPLE_MAIN_DOCUMENTS: { message: 'Anche questo file sembra un documento principale, oltre a {main}: gli uffici vogliono una pratica per messaggio.', fix: 'Invia ogni pratica in un messaggio PEC separato; se è un allegato, indicalo come tale (o chiamalo «allegato…»).' },
  FILE_NAME_CHARACTERS: { message: 'Il nome del file ({name}) contiene caratteri che i server di posta possono alterare ({characters}).', fix: 'Rinomina il file usando solo lettere senza accenti, cifre, trattini, punti e trattini bassi.' },
};

const EN: Readonly<Record<PecFindingCode, Text>> = {
  FORMAT_NOT_ALLOWED: { message: 'The file format ({type}) is not among those this profile accepts ({allowed}).', fix: 'Convert the document to PDF/A (sigla pdfa) or to an accepted format before sending it.' },
  ARCHIVE: { message: 'The file is a compressed archive ({type}): the office cannot register what it holds without opening it.', fix: 'Extract the documents and attach them one by one.' },
  EXECUTABLE: { message: 'The file is an executable program: no office accepts it, and it may be blocked as dangerous.', fix: 'Remove the file from the message.' },
  NOT_SIGNED: { message: 'The main document is not digitally signed.', fix: 'Sign it with Sigla (CAdES .p7m or a PDF signature) before sending it.' },
  SIGNATURE_NOT_VALID: { message: 'The signature of {signers} is not valid: the document was changed after signing or the signature is faulty.', fix: 'Sign the original document again; check the report with "sigla verify".' },
  SIGNATURE_INDETERMINATE: { message: 'Whether the signature of {signers} is valid cannot be established (e.g. the certificate is not from a trusted source).', fix: 'Update the trusted lists (sigla trust update) and check the report with "sigla verify".' },
  NOT_QUALIFIED: { message: 'The signature is not qualified ({qualification}): for many offices only a qualified signature equals a handwritten one.', fix: 'Sign with a qualified certificate (smart card or signing token) and update the trusted lists.' },
  NOT_PDFA: { message: 'The PDF is not PDF/A: its metadata declare no PDF/A conformance, which long-term preservation requires.', fix: 'Convert the document to PDF/A (sigla pdfa, or "Export as PDF/A" in the word processor) before signing it.' },
  FONT_NOT_EMBEDDED: { message: 'The PDF uses fonts that are not embedded ({fonts}): on another computer the text may look different.', fix: 'Make the PDF again with the fonts embedded (or convert it to PDF/A).' },
  JAVASCRIPT: { message: 'The PDF holds code or automatic actions ({actions}): offices refuse documents with active content.', fix: 'Make the PDF again without scripts or actions (e.g. print it to PDF or convert it to PDF/A).' },
  EXTERNAL_LINK: { message: 'The document holds external links ({links}): its content depends on something outside it.', fix: 'Remove the links or write the addresses as plain text, then make the file again.' },
  EMBEDDED_FILE: { message: 'The document holds other files inside it ({files}): the office neither sees nor registers them.', fix: 'Remove the embedded files and attach them to the message as separate files.' },
  XFA: { message: 'The PDF is an XFA form: many programs do not show it, and PDF/A does not allow it.', fix: 'Print the filled form to PDF (or convert it to PDF/A) and send that.' },
  ENCRYPTED: { message: 'The document is encrypted or password-protected: the office can neither open nor preserve it.', fix: 'Remove the protection (save a copy without a password) before signing and sending.' },
  MACROS: { message: 'The document holds macros ({entries}): code that runs when it opens, which offices refuse.', fix: 'Save it without macros (e.g. .docx instead of .docm) or convert it to PDF/A.' },
  DAMAGED: { message: 'The file is damaged or its structure cannot be read ({detail}).', fix: 'Make the file again with the program that produced it.' },
  TOO_LARGE: { message: 'The message weighs {total} bytes in all, over the PEC mailbox limit ({limit} bytes): it will not be delivered.', fix: 'Make the files smaller (e.g. images at a lower resolution) or split the attachments over several messages.' },
  MULTIPLE_MAIN_DOCUMENTS: { message: 'This file looks like a main document too, besides {main}: offices want one case per message.', fix: 'Send each case in its own PEC message; if it is an attachment, mark it so (or name it "allegato…").' },
  FILE_NAME_CHARACTERS: { message: 'The file name ({name}) has characters mail servers may mangle ({characters}).', fix: 'Rename the file with unaccented letters, digits, hyphens, dots and underscores only.' },
};

const TYPE_NAMES: Readonly<Record<Lang, Readonly<Record<DocumentType, string>>>> = {
  it: { pdf: 'PDF', ooxml: 'Office Open XML (docx, xlsx, pptx)', odf: 'OpenDocument (odt, ods, odp)', xml: 'XML', html: 'HTML', svg: 'SVG', text: 'testo', rtf: 'RTF', tiff: 'TIFF', jpeg: 'JPEG', png: 'PNG', gif: 'GIF', eml: 'messaggio di posta (EML)', zip: 'ZIP', rar: 'RAR', '7z': '7-Zip', gzip: 'gzip', executable: 'programma eseguibile', ole: 'Office 97-2003 o documento cifrato', unknown: 'sconosciuto' },
  en: { pdf: 'PDF', ooxml: 'Office Open XML (docx, xlsx, pptx)', odf: 'OpenDocument (odt, ods, odp)', xml: 'XML', html: 'HTML', svg: 'SVG', text: 'text', rtf: 'RTF', tiff: 'TIFF', jpeg: 'JPEG', png: 'PNG', gif: 'GIF', eml: 'e-mail message (EML)', zip: 'ZIP', rar: 'RAR', '7z': '7-Zip', gzip: 'gzip', executable: 'executable program', ole: 'Office 97-2003 or encrypted document', unknown: 'unknown' },
};

/** DAMAGED's detail is the code of what stopped the reader. */
const DAMAGE_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: { PDF_PARSE: 'struttura PDF non valida', INPUT_FORMAT: 'struttura non valida', INPUT_LIMIT: 'oltre un limite di sicurezza', PDF_ENCRYPTED: 'cifratura non supportata' },
  en: { PDF_PARSE: 'invalid PDF structure', INPUT_FORMAT: 'invalid structure', INPUT_LIMIT: 'over a safety limit', PDF_ENCRYPTED: 'unsupported encryption' },
};

export function documentTypeName(type: DocumentType, lang: Lang): string {
  return TYPE_NAMES[lang][type];
}

function localParams(f: PecFinding, lang: Lang): Record<string, string | number> {
  const p: Record<string, string | number> = { ...f.params };
  const typeName = (t: string | number | undefined): string => (typeof t === 'string' && t in TYPE_NAMES[lang] ? documentTypeName(t as DocumentType, lang) : String(t ?? '?'));
  if (f.code === 'FORMAT_NOT_ALLOWED' || f.code === 'ARCHIVE') p['type'] = typeName(f.params['type']);
  if (f.code === 'FORMAT_NOT_ALLOWED') p['allowed'] = String(f.params['allowed'] ?? '').split(', ').map(typeName).join(', ');
  if (f.code === 'DAMAGED') p['detail'] = DAMAGE_WORDS[lang][String(f.params['detail'])] ?? DAMAGE_WORDS[lang]['INPUT_FORMAT'] ?? '';
  if (f.code === 'TOO_LARGE') {
    const fmt = new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB');
    for (const k of ['total', 'limit']) p[k] = fmt.format(Number(f.params[k] ?? 0));
  }
  return p;
}

/** The finding's explanation and fix in `lang`. */
export function pecFindingText(f: PecFinding, lang: Lang): Text {
  const t = (lang === 'it' ? IT : EN)[f.code];
  const p = localParams(f, lang);
  return { message: fillTemplate(t.message, p), fix: fillTemplate(t.fix, p) };
}
