import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '@insyn/auth';
import { Clock } from '@insyn/platform';
import type { Request, Response } from 'express';
import { RopaQuery } from './dto/notice-queries.dto.js';
import { NOTICE_READERS } from './notice-admin.controller.js';
import { ExportRopaUseCase } from './usecases/export-ropa/export-ropa.usecase.js';

/** The art. 30 record, for the DPO, editors, and systems that read notices. */
@ApiTags('record of processing activities')
@ApiBearerAuth()
@Controller('v1/ropa')
export class RopaController {
  constructor(
    private readonly ropa: ExportRopaUseCase,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Allow(NOTICE_READERS)
  @ApiOperation({ summary: "The controller's record of processing activities (GDPR art. 30) as JSON or CSV" })
  @ApiProduces('application/json', 'text/csv')
  async export(@Query() query: RopaQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const csv = query.format ? query.format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';
    res.setHeader('Cache-Control', 'no-store');
    if (csv) {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="registerforteckning.csv"');
      res.status(200).send(await this.ropa.csv());
      return;
    }
    res.status(200).json({ generatedAt: this.clock.now().toISOString(), activities: await this.ropa.entries() });
  }
}
