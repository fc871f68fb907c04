/**
 * node:crypto for the two password-based key derivations node-forge runs when it opens the PKCS#12 files Sigla's own
 * reader leaves to it (forgePkcs12.ts: RC2/RC4 exports), instead of forge's pure-JavaScript hashing:
 * - PBKDF2 (RFC 8018 §5.2) of the PBES2 bags (RFC 8018 §6.2): forge calls node's PBKDF2 itself only for a PRF named
 *   by a string, and pbe.js passes a message-digest object, so every SHA-256 derivation ran in JavaScript;
 * - the PKCS#12 key derivation (RFC 7292 Appendix B.2) of the MAC (RFC 7292 §5.1, id 3) and of the legacy
 *   pbeWithSHAAnd… bags (RFC 7292 Appendix C, ids 1 and 2): pkcs12/pkcs12Kdf.ts.
 * forge remains the parser of those files; only these functions are replaced, with the same inputs and outputs (forge's
 * binary strings and ByteBuffers), and only for digests node knows — any other falls back to forge's own code. One
 * difference, a fix: the PBKDF2 password is the UTF-8 of the text (RFC 8018 §3 leaves the encoding open; OpenSSL
 * uses the UTF-8 the user typed), where forge took one byte per character.
 */
import { getHashes, pbkdf2Sync } from 'node:crypto';
import * as forge from 'node-forge';
import { bmpPassword, pkcs12Kdf } from './pkcs12/pkcs12Kdf.js';

/** A forge message digest: what forge's derivations take as `md`. */
interface ForgeDigest {
  readonly algorithm: string;
  readonly digestLength: number;
  readonly blockLength: number;
}

/** forge's digest names → node's (forge writes `sha512/256`, OpenSSL `sha512-256`). */
function nodeHash(md: unknown): string | undefined {
  if (md === null || md === undefined) return 'sha1';
  if (typeof md !== 'object' || typeof (md as ForgeDigest).algorithm !== 'string') return undefined;
  const name = (md as ForgeDigest).algorithm.replace('/', '-');
  return getHashes().includes(name) ? name : undefined;
}

type Pbkdf2 = (p: string, s: string, c: number, dkLen: number, md?: unknown, callback?: unknown) => string;
type Pkcs12Key = (password: string | null | undefined, salt: forge.util.ByteStringBuffer, id: number, iter: number, n: number, md?: unknown) => forge.util.ByteStringBuffer;

interface ForgeKdfs {
  pkcs5: { pbkdf2: Pbkdf2 };
  pbe: { generatePkcs12Key: Pkcs12Key };
  pkcs12: { generateKey: Pkcs12Key };
}

let installed = false;

/** Replaces forge's PBKDF2 and PKCS#12 derivations with node:crypto ones (once per process). */
export function useNativePasswordKdf(): void {
  if (installed) return;
  installed = true;
  const f = forge as unknown as ForgeKdfs;
  const forgePbkdf2 = f.pkcs5.pbkdf2;
  const forgePkcs12Key = f.pbe.generatePkcs12Key;
  f.pkcs5.pbkdf2 = function (p, s, c, dkLen, md, callback) {
    const hash = typeof md === 'function' ? 'sha1' : nodeHash(md);
    if (hash === undefined || callback !== undefined || typeof md === 'function') return forgePbkdf2(p, s, c, dkLen, md, callback);
    // The salt is a forge binary string; the password is the text the user typed, whose PBES2 octets are its UTF-8
    // (as OpenSSL writes them: forge took one byte per character, so no OpenSSL 3 file with a non-ASCII password
    // could be opened).
    return pbkdf2Sync(Buffer.from(p, 'utf8'), Buffer.from(s, 'binary'), c, dkLen, hash).toString('binary');
  };
  const pkcs12Key: Pkcs12Key = (password, salt, id, iter, n, md) => {
    const hash = nodeHash(md);
    if (hash === undefined) return forgePkcs12Key(password, salt, id, iter, n, md);
    const d = md ? (md as ForgeDigest) : { digestLength: 20, blockLength: 64 };
    const key = pkcs12Kdf(bmpPassword(password ?? null), Buffer.from(salt.bytes(), 'binary'), id, iter, n, hash, d.digestLength, d.blockLength);
    return forge.util.createBuffer(key.toString('binary'));
  };
  f.pbe.generatePkcs12Key = pkcs12Key;
  f.pkcs12.generateKey = pkcs12Key;
}
