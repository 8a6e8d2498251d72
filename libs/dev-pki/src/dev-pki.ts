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
import { X509Certificate as NodeX509 } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCa, createClientCert, createLeaf, createLocalServerCert, DAY, EC, pemKey, RSA, writePem, x509 } from './certificates.js';

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
} as const;

type DevPkiFiles = Record<keyof typeof DEV_PKI_FILES, string>;

/** Where the development PKI's files are: the folder and each file's path. */
export interface DevPki extends DevPkiFiles {
  dir: string;
}

/** The development PKI's folder when none is given: in the machine's Insyn cache (INSYN_CACHE_DIR). */
export const defaultPkiDir = (): string => path.join(process.env.INSYN_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'insyn'), 'pki');

/** Paths of the development PKI in `dir`, created or renewed when needed. */
export async function ensureDevPki(dir = defaultPkiDir()): Promise<DevPki> {
  const files = Object.fromEntries(Object.entries(DEV_PKI_FILES).map(([k, f]) => [k, path.join(dir, f)])) as DevPkiFiles;
  if (!isUsable(files)) await createDevPki(dir, files);
  return { dir, ...files };
}

function isUsable(files: DevPkiFiles): boolean {
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

async function createDevPki(dir: string, files: DevPkiFiles): Promise<void> {
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

  writePem(files.serverCa, serverCa.cert.toString('pem'));
  writePem(files.rpCa, rpCa.cert.toString('pem'));
  writePem(files.serverCert, server.cert.toString('pem'));
  writePem(files.serverKey, await pemKey(server.keys.privateKey));
  writePem(files.rpClientCert, rpClient.cert.toString('pem'));
  writePem(files.rpClientKey, await pemKey(rpClient.keys.privateKey));
  writePem(files.frejaJwsCert, frejaJws.cert.toString('pem'));
  writePem(files.frejaJwsKey, await pemKey(frejaJws.keys.privateKey));
  writePem(files.bankidRootCa, bankidRoot.cert.toString('pem'));
  writePem(files.bankidIssuingCa, bankidIssuing.cert.toString('pem'));
  writePem(files.bankidUserCert, bankidUser.cert.toString('pem'));
  writePem(files.bankidUserKey, await pemKey(bankidUser.keys.privateKey));
}
