/**
 * Sigla's reader of PKCS#12 files in password integrity and privacy modes (RFC 7292 §3.1, §4: PFX → authSafe
 * ContentInfo → AuthenticatedSafe → data or encryptedData ContentInfos → SafeContents), on node:crypto. It reads
 * what OpenSSL 1.1/3, Windows and Java write today (PBES2 with AES or 3DES, the PKCS#12 3DES PBE, SHA-1/SHA-2 MACs)
 * without loading a general-purpose library (node-forge: 42 modules and the bulk of a PKCS#12 signature's
 * start-up); what it does not read (RC2/RC4 ciphers of old exports, public-key modes, PBMAC1) is UnsupportedPkcs12.
 */
import { children, expectTag, octetStringValue, oidString, readTlv, type Tlv } from '../../core/asn1/Ber.js';
import { SiglaError } from '../../shared/errors.js';
import { macMatches } from './MacData.js';
import { pbeDecrypt } from './PasswordBasedEncryption.js';
import { passwordCandidates, wipePassword, type Pkcs12Password } from './Pkcs12Password.js';
import { readSafeContents, type Pkcs12Contents } from './SafeContents.js';
import { UnsupportedPkcs12 } from './UnsupportedPkcs12.js';

const DATA = '1.2.840.113549.1.7.1';
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';

/** The content of a ContentInfo (RFC 5652 §3) of type data: the OCTET STRING inside [0] EXPLICIT. */
function dataContent(contentInfo: Tlv, what: string): { type: string; octets?: Uint8Array; content?: Tlv } {
  const [typeNode, explicit] = children(expectTag(contentInfo, 0x30, what));
  const type = oidString(expectTag(typeNode, 0x06, `${what} type`));
  const inner = explicit ? children(expectTag(explicit, 0xa0, `${what} content`))[0] : undefined;
  if (!inner) throw new SiglaError('INPUT_FORMAT', `PKCS#12: ${what} without content`);
  return type === DATA ? { type, octets: octetStringValue(inner) } : { type, content: inner };
}

/** EncryptedData (RFC 5652 §8): the decrypted EncryptedContentInfo. */
function decryptedContent(encryptedData: Tlv, password: Pkcs12Password): Buffer {
  const [, eci] = children(expectTag(encryptedData, 0x30, 'EncryptedData'));
  const [, algorithm, encrypted] = children(expectTag(eci, 0x30, 'EncryptedContentInfo'));
  if (!algorithm || !encrypted || encrypted.tagNumber !== 0 || encrypted.tagClass !== 2) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: encrypted content missing');
  return pbeDecrypt(algorithm, octetStringValue(encrypted), password);
}

function readWith(authSafe: Uint8Array, password: Pkcs12Password): Pkcs12Contents {
  const out: Pkcs12Contents = { shroudedKeys: [], plainKeys: [], certificates: [] };
  for (const ci of children(expectTag(readTlv(authSafe), 0x30, 'AuthenticatedSafe'))) {
    const part = dataContent(ci, 'ContentInfo');
    if (part.type === DATA && part.octets) readSafeContents(part.octets, password, out);
    else if (part.type === ENCRYPTED_DATA && part.content) {
      // Decrypted bags may hold plain keys: their copies are taken, the decrypted octets zeroed.
      const decrypted = decryptedContent(part.content, password);
      try {
        readSafeContents(decrypted, password, out);
      } finally {
        decrypted.fill(0);
      }
    }
    else throw new UnsupportedPkcs12(`a ${part.type} part`);
  }
  return out;
}

/**
 * Opens a PKCS#12 file with `password` (its UTF-8 octets; the caller zeroes them): the MAC first, when present
 * (wrong password → P12_PASSWORD), then every bag. Without a MAC a wrong password shows as a decryption that
 * fails or gives no readable structure, and is P12_PASSWORD too.
 */
export function readPfx(bytes: Uint8Array, password: Buffer): Pkcs12Contents {
  const [version, authSafeInfo, macData] = children(expectTag(readTlv(bytes), 0x30, 'PFX'));
  if (version?.tag !== 0x02) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: version missing');
  const authSafe = dataContent(expectTag(authSafeInfo, 0x30, 'authSafe'), 'authSafe');
  if (authSafe.type !== DATA || !authSafe.octets) throw new UnsupportedPkcs12('public-key integrity mode');
  const candidates = passwordCandidates(password);
  try {
    const usable = macData ? candidates.filter((c) => macMatches(macData, authSafe.octets as Uint8Array, c)) : candidates;
    if (usable.length === 0) throw new SiglaError('P12_PASSWORD', 'wrong PKCS#12 password');
    let last: unknown;
    for (const candidate of usable) {
      try {
        return readWith(authSafe.octets, candidate);
      } catch (e) {
        if (e instanceof UnsupportedPkcs12) throw e;
        // Without a MAC, garbage from a wrong key reads as a malformed structure.
        if (e instanceof SiglaError && (e.code === 'P12_PASSWORD' || (!macData && e.code === 'INPUT_FORMAT'))) {
          last = new SiglaError('P12_PASSWORD', 'wrong PKCS#12 password', { cause: e });
          continue;
        }
        throw e;
      }
    }
    throw last;
  } finally {
    for (const c of candidates) wipePassword(c);
  }
}
