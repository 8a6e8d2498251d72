import 'reflect-metadata';
import { createPinoLogger, PinoLoggerService } from '@insyn/observability';
import { SERVICE } from './service.js';
import { startSimulator } from './simulator.js';

const logger = new PinoLoggerService(createPinoLogger(SERVICE.service, process.env.LOG_LEVEL ?? 'info'));
try {
  const sim = await startSimulator(logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => process.exit(1), 10_000).unref();
      void sim.close().then(() => process.exit(0));
    });
  }
} catch (err) {
  logger.fatal(`${SERVICE.service} did not start: ${(err as Error).message}`);
  process.exit(1);
}
