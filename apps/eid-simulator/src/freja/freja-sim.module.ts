import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { type Express } from 'express';
import { SimulatedProviders } from '../control/simulated-providers.js';
import { FrejaControlController } from './freja-control.controller.js';
import { FrejaJwsKeys } from './freja-jws.js';
import { FrejaOrders } from './freja-orders.js';
import { FREJA_AUTH_PATH, FrejaRpController } from './freja-rp.controller.js';

/** Freja eID RP REST API test server (authentication) and its control API. */
@Module({
  controllers: [FrejaRpController, FrejaControlController],
  providers: [FrejaOrders, FrejaJwsKeys],
  exports: [FrejaOrders],
})
export class FrejaSimModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly providers: SimulatedProviders,
    private readonly orders: FrejaOrders,
  ) {}

  onModuleInit(): void {
    this.providers.register(this.orders);
    const app = this.adapterHost.httpAdapter?.getInstance<Express>();
    if (app) installRawBodyParser(app, FREJA_AUTH_PATH);
  }
}

/**
 * Freja bodies are `name=<base64>` sent as `application/json`, so the app-wide JSON parser (configureApp)
 * would refuse them with a 400 before any route runs. Nest middleware is registered after that parser, so
 * this reads the body as text in a layer moved to the front of the express router, for `path` only; once
 * the stream is read the JSON parser skips the request (body-parser checks on-finished).
 */
export function installRawBodyParser(app: Express, path: string): void {
  app.use(path, express.text({ type: () => true, limit: '64kb', defaultCharset: 'utf-8' }));
  const stack = (app.router as unknown as { stack: unknown[] }).stack;
  const layer = stack.pop();
  if (layer) stack.unshift(layer);
}
