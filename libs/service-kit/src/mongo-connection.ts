import {
  checkCertificates,
  checkPrivateKey,
  type ConfigProblems,
  ConfigurationError,
  envFlag,
  envString,
  type EnvSource,
  isLoopbackHost,
  readConfigFile,
} from '@insyn/platform';
import mongoose from 'mongoose';

/** What the apps pass to mongoose besides the database name: the URI and the TLS files added to it. */
export interface MongoConnection {
  uri: string;
  /** Driver options (mongoose passes them through): the files MONGODB_TLS_* name. */
  options: { tls?: true; tlsCAFile?: string; tlsCertificateKeyFile?: string };
  /** Hosts and TLS, without credentials: `m0:27017,m1:27017 over TLS (CA from MONGODB_TLS_CA_FILE)`. */
  description: string;
}

const URI = /^mongodb(\+srv)?:\/\/(?:([^@/]*)@)?([^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/;
const INSECURE = ['tlsinsecure', 'tlsallowinvalidcertificates', 'tlsallowinvalidhostnames'];

/**
 * Reads MONGODB_URI with MONGODB_TLS_CA_FILE, MONGODB_TLS_CERT_KEY_FILE and MONGODB_ALLOW_PLAINTEXT, and says
 * what is wrong: files (named here or in the URI's tlsCAFile/tlsCertificateKeyFile) that cannot be read or
 * hold no certificate or key, TLS turned off in the URI while a CA file is given, and in production what
 * is plainly insecure: certificate checks turned off, or a server on another machine without TLS (unless
 * MONGODB_ALLOW_PLAINTEXT=true). Credentials stay in the URI; no problem repeats them.
 */
export function readMongoConnection(env: EnvSource): { connection?: MongoConnection; problems: ConfigProblems } {
  const problems: ConfigProblems = [];
  const uri = envString(env, 'MONGODB_URI') ?? '';
  const parsed = URI.exec(uri);
  if (!parsed) return { problems: ['MONGODB_URI: not a mongodb:// or mongodb+srv:// URI'] };
  const [, srv, , hostList = '', query = ''] = parsed;
  const params = new Map([...new URLSearchParams(query)].map(([k, v]) => [k.toLowerCase(), v.toLowerCase() === 'true' ? 'true' : v]));
  const tlsParam = params.get('tls') ?? params.get('ssl');
  const caFile = envString(env, 'MONGODB_TLS_CA_FILE');
  const certKeyFile = envString(env, 'MONGODB_TLS_CERT_KEY_FILE');

  if (tlsParam === 'false' && (caFile || certKeyFile))
    problems.push(`${caFile ? 'MONGODB_TLS_CA_FILE' : 'MONGODB_TLS_CERT_KEY_FILE'}: set, but MONGODB_URI says tls=false`);
  for (const [variable, option] of [
    ['MONGODB_TLS_CA_FILE', 'tlscafile'],
    ['MONGODB_TLS_CERT_KEY_FILE', 'tlscertificatekeyfile'],
  ] as const)
    if (envString(env, variable) && params.has(option)) problems.push(`${variable}: MONGODB_URI names a ${option} too; set one of them`);

  // A file named in the URI is checked too: the driver's own error for it says less.
  const caLabel = caFile ? 'MONGODB_TLS_CA_FILE' : 'MONGODB_URI (tlsCAFile)';
  const ca = readConfigFile({ [caLabel]: caFile ?? params.get('tlscafile') }, caLabel, problems);
  if (ca) checkCertificates(ca, caLabel, problems);
  const certKeyLabel = certKeyFile ? 'MONGODB_TLS_CERT_KEY_FILE' : 'MONGODB_URI (tlsCertificateKeyFile)';
  const certKey = readConfigFile({ [certKeyLabel]: certKeyFile ?? params.get('tlscertificatekeyfile') }, certKeyLabel, problems);
  if (certKey) {
    checkCertificates(certKey, certKeyLabel, problems);
    checkPrivateKey(certKey, certKeyLabel, params.get('tlscertificatekeyfilepassword'), problems);
  }

  const tls = tlsParam === 'true' || (srv !== undefined && tlsParam !== 'false') || Boolean(caFile || certKeyFile);
  const hosts = hostList.split(',').filter(Boolean);
  if (envString(env, 'NODE_ENV') === 'production') {
    const insecure = INSECURE.filter((o) => params.get(o) === 'true');
    if (insecure.length > 0)
      problems.push(
        `MONGODB_URI: ${insecure.join(', ')}=true turns certificate checks off, which production refuses; give the CA instead (MONGODB_TLS_CA_FILE)`,
      );
    const remote = hosts.filter((h) => !isLoopbackHost(h.replace(/:\d+$/, '')));
    if (!tls && remote.length > 0 && !envFlag(env, 'MONGODB_ALLOW_PLAINTEXT'))
      problems.push(
        `MONGODB_URI: production connects to ${remote.join(', ')} without TLS; add tls=true (and MONGODB_TLS_CA_FILE), ` +
          'or set MONGODB_ALLOW_PLAINTEXT=true if the network is encrypted or private by other means',
      );
  }
  if (problems.length > 0) return { problems };
  const description = `${hosts.join(',')} ${tls ? `over TLS${caFile || params.has('tlscafile') ? ' (own CA)' : ''}` : 'without TLS'}`;
  return {
    connection: {
      uri,
      options: {
        ...(caFile || certKeyFile ? { tls: true as const } : {}),
        ...(caFile ? { tlsCAFile: caFile } : {}),
        ...(certKeyFile ? { tlsCertificateKeyFile: certKeyFile } : {}),
      },
      description,
    },
    problems,
  };
}

/** The connection, or a ConfigurationError naming every problem. */
export function mongoConnection(env: EnvSource): MongoConnection {
  const { connection, problems } = readMongoConnection(env);
  if (!connection) throw new ConfigurationError(problems);
  return connection;
}

/** For validateEnv: the problems only. */
export const mongoConnectionProblems = (env: object): ConfigProblems => readMongoConnection(env as EnvSource).problems;

/**
 * Connects once before mongoose does (mongoose retries every failure for about two minutes): a server
 * whose certificate is not trusted, one that does not speak TLS, or credentials it refuses stop the boot
 * at once with the settings to check. Anything else (a server down) is left to mongoose's retries.
 */
export async function verifyMongoConnection(connection: MongoConnection): Promise<void> {
  const { uri, options, description } = connection;
  const tls = / over TLS/.test(description);
  const client = new mongoose.mongo.MongoClient(uri, { ...options, serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000 });
  // A certificate the driver refuses shows in the first heartbeat; server selection would wait 5 s more.
  const refused = new Promise<never>((_, reject) =>
    client.on('serverHeartbeatFailed', (e) => {
      if (explainMongoFailure(e.failure, tls, false)) reject(e.failure);
    }),
  );
  try {
    await Promise.race([client.connect().then(() => client.db('admin').command({ ping: 1 })), refused]);
  } catch (err) {
    const reason = explainMongoFailure(err, tls, true);
    if (reason) throw new Error(`MongoDB at ${description}: ${reason}`, { cause: err });
  } finally {
    refused.catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

/** Why a connection failed when the configuration is the cause; `final`: selection has given up (a closed connection then counts). */
function explainMongoFailure(err: unknown, tls: boolean, final: boolean): string | undefined {
  const e = err as { code?: unknown; codeName?: string; message?: string; reason?: { servers?: Map<string, { error?: Error | null }> } };
  const causes = [e.message ?? '', ...[...(e.reason?.servers?.values() ?? [])].map((s) => s.error?.message ?? '')].join(' | ');
  if (e.code === 18 || e.codeName === 'AuthenticationFailed' || /authentication failed/i.test(causes))
    return 'the server refused the credentials in MONGODB_URI (user, password, authSource)';
  if (/certificate|self[- ]signed|unable to verify|unable to get (local )?issuer|ERR_TLS_CERT|does not match certificate/i.test(causes))
    return `its TLS certificate is not trusted (${firstLine(causes)}); check MONGODB_TLS_CA_FILE or the URI's tlsCAFile`;
  if (/wrong version number|packet length too long|unknown protocol|EPROTO/i.test(causes))
    return `it does not speak TLS on that port (${firstLine(causes)}); check tls= in MONGODB_URI`;
  if (final && !tls && /connection .* closed/i.test(causes))
    return 'the server closed every connection at once: it probably requires TLS (tls=true in MONGODB_URI, MONGODB_TLS_CA_FILE)';
  return undefined;
}

/** The first line of the failure that names TLS, else the first line. */
const firstLine = (text: string): string => {
  const lines = text.split(' | ').map((t) => t.split('\n')[0] ?? '');
  return lines.find((t) => /certificate|TLS|SSL|EPROTO|verify|version/i.test(t)) ?? lines[0] ?? '';
};
