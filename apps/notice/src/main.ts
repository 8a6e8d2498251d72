import 'reflect-metadata';
import { startTracing } from '@insyn/tracing';
import { SERVICE } from './service.js';

// Tracing (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set) starts before the app's modules are imported,
// so that its instrumentations hook http, express, kafkajs and mongodb as they load (ADR 0020).
await startTracing(SERVICE.service);
const { bootstrapService } = await import('@insyn/service-kit');
const { AppModule } = await import('./app.module.js');
await bootstrapService(AppModule, SERVICE);
