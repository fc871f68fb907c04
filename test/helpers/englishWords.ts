/**
 * Finds English in text meant to be Italian: a list of common English words (the ones an English sentence cannot
 * do without, and the domain's own: signature, certificate, invalid…) looked for as whole words, after the names
 * that are the same in both languages are taken out (options, commands as typed, paths, addresses, PDF names,
 * acronyms, camelCase names from the standards). Loanwords Italian uses (file, PIN, token as a device, password…)
 * are not on the list.
 */

/** Words that mark an English sentence. */
const ENGLISH = new Set(
  ('the of to is are was were be been not no with without for this that these from on or by has have your you please ' +
    'error invalid valid signature signatures certificate certificates expected unknown missing must cannot found failed ' +
    'usage option options value required wrong expires expired days signed unable takes which should does did ' +
    'there here when where what only also any every none yes present token\'s sign verify check read write written ' +
    'file\'s cancelled canceled warning try tries left locked unblock unblocked changed correct incorrect new current ' +
    'again type enter name folder exists already replace document documents page pages reader ' +
    'time-stamp timestamp trusted list lists update updated import imported status next issued sequence').split(' '),
);

/** Phrases that are English whatever their words. */
const PHRASES = [/file not found/i, /no such file/i, /permission denied/i];

/** Names that are the same in both languages, taken out before words are looked at. */
export function withoutTechnicalNames(text: string): string {
  return text
    .replace(/\bhttps?:\/\/\S+/g, ' ') // addresses
    .replace(/«sigla [^»]*»/g, ' ') // commands, quoted as typed: «sigla trust update»
    .replace(/\(sigla [^)]*\)/g, ' ') // commands in parentheses: (sigla pin unblock)
    .replace(/^ {2}[a-z]+(?= {2,}\S)/gm, ' ') // command names in a help table: "  sign       firma…"
    .replace(/^[ \t]*(?:(?:Uso|Usage):[ \t]*)?(?:sigla|printf|npm)[ \t].*$/gm, ' ') // command lines: usage, examples (not "sigla: …")
    .replace(/--?[\w-]+(=\S*)?/g, ' ') // command-line options
    .replace(/\S*[/\\]\S*/g, ' ') // paths, PDF names (/ByteRange), alternatives (a/b)
    .replace(/\b[\w-]+(\.[\w-]+)+\b/g, ' ') // file names, dotted identifiers
    .replace(/\b\w*[a-z][A-Z]\w*\b/g, ' ') // camelCase names: nonRepudiation, timeStamping, SignedData
    .replace(/\b[A-Z0-9_#-]{2,}\b/g, ' ') // acronyms: OCSP, CRL, PKCS#11, SHA-256
    .replace(/\S*\|\S*/g, ' '); // value lists: cades|pades
}

/** The English words (and phrases) found in `text`. */
export function englishIn(text: string): string[] {
  const phrases = PHRASES.filter((p) => p.test(text)).map((p) => p.source);
  const words = withoutTechnicalNames(text).toLowerCase().match(/[\p{L}']+/gu) ?? [];
  return [...phrases, ...words.filter((w) => ENGLISH.has(w))];
}
