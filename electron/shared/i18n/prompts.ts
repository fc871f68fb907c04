/**
 * What the `sigla` command asks on its terminal, in Italian and English: PIN, PUK and PKCS#12 password prompts, the
 * warnings said before a PIN or PUK is typed, the final-try question (and the answers that mean yes), the pinpad
 * notices. Used by cli/pinInput.ts; never a secret in a text.
 */
export const PROMPTS = {
  it: {
    user: (l: string) => `PIN del dispositivo "${l}": `,
    context: (l: string) => `PIN per questa firma ("${l}"): `,
    current: (l: string) => `PIN attuale del dispositivo "${l}": `,
    new: (l: string) => `Nuovo PIN per "${l}": `,
    again: 'Ripeti il nuovo PIN: ',
    p12: (f: string) => `Password del file PKCS#12 "${f}": `,
    puk: (l: string) => `PUK del dispositivo "${l}": `,
    countLow: 'Attenzione: il PIN è stato sbagliato di recente, restano pochi tentativi.\n',
    pukHeader: (state: string) =>
      `ATTENZIONE — sblocco con PUK. I tentativi con il PUK sono pochissimi${state === 'countLow' ? ' e ne è già stato sbagliato almeno uno' : state === 'finalTry' ? ' e ne resta UNO solo' : ''}.\n`,
    pukUnusable: 'Se anche il PUK si blocca, una BusinessKey (e molte smart card) non è più utilizzabile e va sostituita. Nel dubbio fermati e recupera la busta del PUK.\n',
    finalTry: (l: string) => `ATTENZIONE: resta un solo tentativo per il PIN di "${l}". Se è errato il PIN si blocca. Continuare? [s/N] `,
    finalTryPuk: (l: string) => `ATTENZIONE: resta un solo tentativo per il PUK di "${l}". Se è errato il PUK si blocca per sempre. Continuare? [s/N] `,
    yes: /^(s|si|sì|y|yes)$/i,
    pinpad: (l: string) => `Digita il PIN sul lettore di "${l}"… (per annullare premi il tasto Annulla del lettore)\n`,
    pinpadContext: (l: string) => `Digita il PIN per questa firma sul lettore di "${l}"… (per annullare premi il tasto Annulla del lettore)\n`,
    pinpadFinalTry: 'Attenzione: resta un solo tentativo; se il PIN è errato si blocca.\n',
  },
  en: {
    user: (l: string) => `PIN of token "${l}": `,
    context: (l: string) => `PIN for this signature ("${l}"): `,
    current: (l: string) => `Current PIN of token "${l}": `,
    new: (l: string) => `New PIN for "${l}": `,
    again: 'Repeat the new PIN: ',
    p12: (f: string) => `Password of the PKCS#12 file "${f}": `,
    puk: (l: string) => `PUK of token "${l}": `,
    countLow: 'Warning: a wrong PIN was typed recently; few tries are left.\n',
    pukHeader: (state: string) =>
      `WARNING — unblocking with the PUK. PUK tries are very few${state === 'countLow' ? ' and at least one was already wrong' : state === 'finalTry' ? ' and only ONE is left' : ''}.\n`,
    pukUnusable: 'If the PUK locks too, a BusinessKey (and many smart cards) can no longer be used and must be replaced. When in doubt, stop and find the PUK envelope.\n',
    finalTry: (l: string) => `WARNING: only one PIN try is left on "${l}". A wrong PIN locks it. Continue? [y/N] `,
    finalTryPuk: (l: string) => `WARNING: only one PUK try is left on "${l}". A wrong PUK locks it for good. Continue? [y/N] `,
    yes: /^(y|yes)$/i,
    pinpad: (l: string) => `Type the PIN on the reader of "${l}"… (to cancel, press the reader's Cancel key)\n`,
    pinpadContext: (l: string) => `Type the PIN for this signature on the reader of "${l}"… (to cancel, press the reader's Cancel key)\n`,
    pinpadFinalTry: 'Warning: only one try is left; a wrong PIN locks it.\n',
  },
} as const;
