/**
 * The .m7m envelope used in Italy (InfoCert's "marca temporale" bundle): a MIME multipart/mixed message with the
 * signed .p7m and the TimeStampResp over its bytes. InfoCert's own files label both parts `binary` while holding
 * Base64; Sigla writes Base64 and says so, and its reader accepts either.
 */
import { randomBytes } from 'node:crypto';

function base64Lines(b: Uint8Array): string {
  return (Buffer.from(b).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function m7mBytes(p7mName: string, p7m: Uint8Array, timeStampResp: Uint8Array): Uint8Array {
  const boundary = `sigla-m7m-${randomBytes(12).toString('hex')}`;
  const tst = p7mName.replace(/\.p7m$/i, '') + '.tst';
  const q = (s: string): string => s.replace(/["\\\r\n]/g, '_');
  const text =
    `Mime-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
    `--${boundary}\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name="${q(p7mName)}"\r\nContent-Transfer-Encoding: base64\r\n` +
    `Content-Disposition: attachment; filename="${q(p7mName)}"\r\nContent-Description: Signed envelope\r\n\r\n${base64Lines(p7m)}\r\n` +
    `--${boundary}\r\nContent-Type: application/timestamp-reply; name="${q(tst)}"\r\nContent-Transfer-Encoding: base64\r\n` +
    `Content-Disposition: attachment; filename="${q(tst)}"\r\nContent-Description: Timestamp\r\n\r\n${base64Lines(timeStampResp)}\r\n` +
    `--${boundary}--\r\n`;
  return new TextEncoder().encode(text);
}
