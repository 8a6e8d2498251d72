import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Logger, type LoggerService } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureApp } from '@insyn/service-kit';
import { defaultPkiDir, ensureDevPki, type DevPki } from '@insyn/dev-pki';
import { AppModule } from './app.module.js';
import type { SimulatorEnv } from './config/simulator-env.js';
import { SERVICE } from './service.js';
import { SIMULATOR_URLS, type SimulatorUrls } from './simulator-urls.js';

export interface RunningSimulator {
  app: NestExpressApplication;
  /** Plain HTTP: control API, phone page, OIDC provider. */
  httpUrl: string;
  /** HTTPS with a required client certificate: `${tlsUrl}/rp/v6.0/...` (BankID), `${tlsUrl}/authentication/1.0/...` (Freja). */
  tlsUrl: string;
  pki: DevPki;
  close(): Promise<void>;
}

/**
 * Starts the simulator on two listeners of one Nest app: HTTP (PORT) and HTTPS with client certificates
 * (TLS_PORT), the latter trusting only the development RP CA, as BankID trusts only RP certificates it
 * issued. Ports 0 pick free ones (tests). The RP controllers refuse requests that did not come over
 * the mutually authenticated listener.
 */
export async function startSimulator(logger?: LoggerService): Promise<RunningSimulator> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    ...(logger ? { logger, bufferLogs: true } : { logger: ['error', 'warn'] }),
  });
  configureApp(app, SERVICE);
  const config = app.get(ConfigService<SimulatorEnv, true>);
  const host = config.get('HOST', { infer: true });
  const pki = await ensureDevPki(config.get('PKI_DIR', { infer: true }) ?? defaultPkiDir());
  await app.init();
  await app.listen(config.get('PORT', { infer: true }) ?? SERVICE.defaultPort, host);
  const httpPort = (app.getHttpServer().address() as AddressInfo).port;

  const tls = https.createServer(
    {
      key: fs.readFileSync(pki.serverKey),
      cert: fs.readFileSync(pki.serverCert),
      ca: fs.readFileSync(pki.rpCa),
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    app.getHttpAdapter().getInstance(),
  );
  await new Promise<void>((resolve, reject) => {
    tls.once('error', reject);
    tls.listen(config.get('TLS_PORT', { infer: true }), host, () => resolve());
  });
  const tlsPort = (tls.address() as AddressInfo).port;
  const httpUrl = config.get('PUBLIC_URL', { infer: true }) ?? `http://${host}:${httpPort}`;
  const tlsUrl = `https://${host === '0.0.0.0' ? '127.0.0.1' : host}:${tlsPort}`;
  app.get<SimulatorUrls>(SIMULATOR_URLS).set({ httpUrl, tlsUrl });
  new Logger(SERVICE.service).log(`${SERVICE.title}: control and phone page on ${httpUrl}, BankID/Freja RP APIs (mTLS) on ${tlsUrl}`);
  return {
    app,
    httpUrl,
    tlsUrl,
    pki,
    close: async () => {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
      await app.close();
    },
  };
}
