import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { collectDefaultMetrics, register } from 'prom-client';

let collecting = false;

/** `GET /metrics`: Prometheus text format (process, HTTP, outbox and consumer metrics). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor() {
    if (!collecting) {
      collectDefaultMetrics();
      collecting = true;
    }
  }

  @Get()
  @Public()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return register.metrics();
  }
}
