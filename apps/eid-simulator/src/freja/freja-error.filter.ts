import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { FREJA_ERROR_MESSAGES, FrejaApiError } from './freja-errors.js';

/** Freja's RP API answers errors with `{code, message}`, never with a problem body. */
@Catch()
export class FrejaErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('FrejaSim');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof FrejaApiError) {
      res.status(exception.httpStatus).json(exception.body());
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      res.status(exception.getStatus()).json({ code: 1000, message: FREJA_ERROR_MESSAGES[1000] });
      return;
    }
    this.logger.error(`Freja simulator failed: ${(exception as Error).message}`);
    res.status(500).json({ code: 0, message: FREJA_ERROR_MESSAGES[0] });
  }
}
