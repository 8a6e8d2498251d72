import { Controller, Get, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Response } from 'express';
import type { NoticeEnv } from '../config/notice-env.js';
import { noticeJsonSchema } from './domain/notice.schema.js';

/** The notice format as a JSON Schema, for editors that validate and complete notice YAML as it is written. */
@ApiTags('notices (editors)')
@Controller('v1/schemas')
export class NoticeSchemaController {
  private readonly body: string;

  constructor(config: ConfigService<NoticeEnv, true>) {
    const base = config.get('NOTICE_PUBLIC_BASE_URL', { infer: true }).replace(/\/$/, '');
    this.body = JSON.stringify(noticeJsonSchema(`${base}/v1/schemas/notice.json`));
  }

  @Get('notice.json')
  @Public()
  @ApiOperation({
    summary: 'The JSON Schema of a notice (YAML or JSON)',
    description:
      'Put `# yaml-language-server: $schema=<this URL>` at the top of a notice file and an editor with a YAML language server validates and completes it. The format is described in docs/notices.md.',
  })
  @ApiProduces('application/schema+json')
  @ApiOkResponse({ description: 'A JSON Schema (draft 2020-12)' })
  schema(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/schema+json').status(200).send(this.body);
  }
}
