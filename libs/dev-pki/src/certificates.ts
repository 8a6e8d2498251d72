// Certificate making for the development PKI: EC P-256 CAs and the leaves they issue, as PEM.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import fs from 'node:fs';

// Loaded after reflect-metadata, which the x509 library's dependency injection needs at load time; a
// static import could be sorted above it.
const x509 = await import('@peculiar/x509');

x509.cryptoProvider.set(webcrypto);

export { x509 };

/** A key pair and the certificate for its public key. */
export interface Issued {
  keys: webcrypto.CryptoKeyPair;
  cert: InstanceType<typeof x509.X509Certificate>;
}

type Extension = InstanceType<typeof x509.Extension>;

export const DAY = 86_400_000;
export const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
export const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

const serial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
const validity = () => ({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) });

/** A new signing key pair. */
function generateKeys(algorithm: typeof EC | typeof RSA): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

/** A self-signed EC P-256 CA, valid for a year (`pathLength` 0: it issues leaves only). */
export async function createCa(name: string, pathLength = 0): Promise<Issued> {
  const keys = await generateKeys(EC);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    ...validity(),
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(true, pathLength, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { keys, cert };
}

/** A certificate issued by `issuer` (from createCa) for a new key of `algorithm` (EC or RSA). */
export async function createLeaf(
  issuer: Issued,
  subject: string,
  algorithm: typeof EC | typeof RSA,
  extensions: Extension[],
  isCa = false,
): Promise<Issued> {
  const keys = await generateKeys(algorithm);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: issuer.cert.subject,
    ...validity(),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [
      isCa ? new x509.BasicConstraintsExtension(true, 0, true) : new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      ...(isCa ? [await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)] : []),
      ...extensions,
    ],
  });
  return { keys, cert };
}

/** A TLS server certificate for this machine (localhost, 127.0.0.1, ::1). */
export function createLocalServerCert(issuer: Issued, subject: string): Promise<Issued> {
  return createLeaf(issuer, subject, EC, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
    ]),
  ]);
}

/** A TLS client certificate (mTLS). */
export function createClientCert(issuer: Issued, subject: string): Promise<Issued> {
  return createLeaf(issuer, subject, EC, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
}

/** Writes a PEM file only its owner may read. */
export const writePem = (file: string, text: string): void =>
  fs.writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });

/** A private key as unencrypted PKCS#8 PEM. */
export async function pemKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY') + '\n';
}
