/**
 * A per-run, self-signed TLS certificate for the relay on 127.0.0.1: an ECDSA P-256 key made by
 * node:crypto and a minimal X.509 v3 certificate (subject = issuer, one subjectAltName IP
 * 127.0.0.1), DER-encoded here because Node has no certificate writer. skopeo trusts it through
 * --dest-cert-dir, which adds it to the system roots (so skopeo still verifies the real registry
 * its blob uploads go to). Why not a library: docs/decisions/relay.md ("The relay's certificate").
 */
import crypto from 'node:crypto';

/** DER: one tag-length-value. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else if (n < 0x100) length = Buffer.from([0x81, n]);
  else if (n < 0x10000) length = Buffer.from([0x82, n >> 8, n & 0xff]);
  else throw new Error('DER value too long'); // a certificate here is a few hundred bytes
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
const ECDSA_WITH_SHA256 = oid('2a8648ce3d040302'); // 1.2.840.10045.4.3.2
const COMMON_NAME = oid('550403'); // 2.5.4.3
const SUBJECT_ALT_NAME = oid('551d11'); // 2.5.29.17

/** UTCTime, YYMMDDHHMMSSZ (valid for years 1950–2049, which is all this needs). */
function utcTime(d: Date): Buffer {
  const two = (n: number) => String(n).padStart(2, '0');
  const s =
    two(d.getUTCFullYear() % 100) +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds()) +
    'Z';
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

export interface RelayCertificate {
  /** PEM of the certificate (also the one root skopeo needs to trust the relay). */
  cert: string;
  /** PEM (PKCS#8) of its private key: never written to disk. */
  key: string;
}

/** A certificate for `ip` (an IPv4 address), valid from a minute ago for `hours`. */
export function relayCertificate(ip = '127.0.0.1', hours = 24): RelayCertificate {
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255))
    throw new Error(`not an IPv4 address: ${ip}`);
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = seq(
    tlv(0x31, seq(COMMON_NAME, tlv(0x0c, Buffer.from('digestpin relay (this run only)')))),
  );
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  serial[0] |= 0x40; // and no leading zero byte to strip
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, serial),
    seq(ECDSA_WITH_SHA256),
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + hours * 3_600_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(
      0xa3,
      seq(seq(SUBJECT_ALT_NAME, tlv(0x04, seq(tlv(0x87, Buffer.from(octets)))))), // iPAddress
    ),
  );
  const signature = crypto.sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, seq(ECDSA_WITH_SHA256), tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
