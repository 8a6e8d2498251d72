// Development and test certificates for the e-ID simulator and the identity service: the same shape
// as the real BankID and Freja set-ups, never their keys. Two CAs, as with BankID: a server CA that
// signs the simulator's HTTPS certificate (the identity service pins it, as it pins BankID's SSL root)
// and a relying-party CA that issues the identity service's client certificate (the simulator
// requires it, as BankID requires the RP certificate). Plus the RSA key and certificate Freja signs
// its results with, looked up by `x5t`. And BankID's signing chain: a root, an issuing (bank) CA and
// the RSA key and certificate the simulated BankID app signs `completionData.signature` with; the
// simulator puts the three certificates in the signature's `KeyInfo`, leaf first, as BankID does.
//
// `ensureDevPki(dir)` is idempotent: it keeps what is there unless a file is missing or a certificate
// ends within 14 days (the margin ActiveLogin uses for BankID's test certificates), then makes a new set.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { X509Certificate as NodeX509 } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const x509 = await import('@peculiar/x509');

x509.cryptoProvider.set(webcrypto);

export const DEV_PKI_FILES = {
  serverCa: 'server-ca.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
  rpCa: 'rp-ca.pem',
  rpClientCert: 'rp-client.pem',
  rpClientKey: 'rp-client-key.pem',
  frejaJwsCert: 'freja-jws.pem',
  frejaJwsKey: 'freja-jws-key.pem',
  bankidRootCa: 'bankid-root-ca.pem',
  bankidIssuingCa: 'bankid-issuing-ca.pem',
  bankidUserCert: 'bankid-user.pem',
  bankidUserKey: 'bankid-user-key.pem',
};

const DAY = 86_400_000;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export const defaultPkiDir = () => path.join(process.env.INSYN_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'insyn'), 'pki');

/** Paths of the development PKI in `dir`, created or renewed when needed. */
export async function ensureDevPki(dir = defaultPkiDir()) {
  const files = Object.fromEntries(Object.entries(DEV_PKI_FILES).map(([k, f]) => [k, path.join(dir, f)]));
  if (!isUsable(files)) await createDevPki(dir, files);
  return { dir, ...files };
}

function isUsable(files) {
  if (!Object.values(files).every((f) => fs.existsSync(f))) return false;
  const certs = [
    files.serverCa,
    files.serverCert,
    files.rpCa,
    files.rpClientCert,
    files.frejaJwsCert,
    files.bankidRootCa,
    files.bankidIssuingCa,
    files.bankidUserCert,
  ];
  return certs.every((f) => new Date(new NodeX509(fs.readFileSync(f)).validTo).getTime() - Date.now() > 14 * DAY);
}

const serial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
const validity = () => ({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) });

/** A self-signed EC P-256 CA, valid for a year (`pathLength` 0: it issues leaves only). */
export async function createCa(name, pathLength = 0) {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
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
export async function createLeaf(issuer, subject, algorithm, extensions, isCa = false) {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
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
export function createLocalServerCert(issuer, subject) {
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
export function createClientCert(issuer, subject) {
  return createLeaf(issuer, subject, EC, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
}

/** Writes a PEM file only its owner may read. */
const write = (file, text) => fs.writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });

/** A private key as unencrypted PKCS#8 PEM. */
export async function pemKey(key) {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY') + '\n';
}

/**
 * A throw-away TLS set in `dir` for a local server (the secured Kafka broker, FerretDB over TLS): a CA,
 * a server certificate for this machine, a client certificate (mTLS) and an unrelated CA that trusts
 * none of them (to show a connection with the wrong CA refused). PEM files, keys unencrypted PKCS#8.
 */
export async function createLocalTlsSet(dir, label) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = await createCa(`CN=Insyn test ${label} CA, O=Insyn development`);
  const other = await createCa(`CN=Insyn test untrusted CA, O=Insyn development`);
  const server = await createLocalServerCert(ca, `CN=localhost, O=Insyn test ${label}`);
  const client = await createClientCert(ca, `CN=insyn-client, O=Insyn test ${label}`);
  const files = {
    ca: path.join(dir, 'ca.pem'),
    otherCa: path.join(dir, 'other-ca.pem'),
    serverCert: path.join(dir, 'server.pem'),
    serverKey: path.join(dir, 'server-key.pem'),
    clientCert: path.join(dir, 'client.pem'),
    clientKey: path.join(dir, 'client-key.pem'),
  };
  write(files.ca, ca.cert.toString('pem'));
  write(files.otherCa, other.cert.toString('pem'));
  write(files.serverCert, server.cert.toString('pem'));
  write(files.serverKey, await pemKey(server.keys.privateKey));
  write(files.clientCert, client.cert.toString('pem'));
  write(files.clientKey, await pemKey(client.keys.privateKey));
  return files;
}

async function createDevPki(dir, files) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const serverCa = await createCa('CN=Insyn Dev eID Simulator SSL Root CA, O=Insyn development');
  const rpCa = await createCa('CN=Insyn Dev RP CA for eID Simulator, O=Insyn development');
  const server = await createLocalServerCert(serverCa, 'CN=localhost, O=Insyn eID simulator');
  const rpClient = await createClientCert(rpCa, 'CN=Insyn identity (dev RP), O=Insyn development');
  const frejaJws = await createLeaf(serverCa, 'CN=Insyn Dev Freja eID JWS Signing, O=Insyn development', RSA, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
  ]);

  const bankidRoot = await createCa('CN=Insyn Dev BankID Root CA v1 Test, O=Insyn development', 1);
  const bankidIssuing = await createLeaf(
    bankidRoot,
    'CN=Insyn Dev Bank of Simulation Customer CA1 v1 for BankID Test, O=Insyn development',
    EC,
    [new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    true,
  );
  const bankidUser = await createLeaf(bankidIssuing, 'CN=Insyn Dev BankID simulated user, O=Insyn development', RSA, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
  ]);

  write(files.serverCa, serverCa.cert.toString('pem'));
  write(files.rpCa, rpCa.cert.toString('pem'));
  write(files.serverCert, server.cert.toString('pem'));
  write(files.serverKey, await pemKey(server.keys.privateKey));
  write(files.rpClientCert, rpClient.cert.toString('pem'));
  write(files.rpClientKey, await pemKey(rpClient.keys.privateKey));
  write(files.frejaJwsCert, frejaJws.cert.toString('pem'));
  write(files.frejaJwsKey, await pemKey(frejaJws.keys.privateKey));
  write(files.bankidRootCa, bankidRoot.cert.toString('pem'));
  write(files.bankidIssuingCa, bankidIssuing.cert.toString('pem'));
  write(files.bankidUserCert, bankidUser.cert.toString('pem'));
  write(files.bankidUserKey, await pemKey(bankidUser.keys.privateKey));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await ensureDevPki(process.argv[2] ?? defaultPkiDir());
  console.log(JSON.stringify(files, null, 2));
}
