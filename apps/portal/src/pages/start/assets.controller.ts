import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Response } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ASSETS_DIR } from '../../web/views.js';

const require = createRequire(import.meta.url);

/** The files the pages load: FKUI's stylesheet (Försäkringskassan's design system) and the portal's own. Nothing else is served. */
const FILES: Record<string, { file: string; type: string }> = {
  'fkui.css': { file: require.resolve('@fkui/design/lib/fkui.min.css'), type: 'text/css; charset=utf-8' },
  'portal.css': { file: path.join(ASSETS_DIR, 'portal.css'), type: 'text/css; charset=utf-8' },
  'login.js': { file: path.join(ASSETS_DIR, 'login.js'), type: 'text/javascript; charset=utf-8' },
  'idle.js': { file: path.join(ASSETS_DIR, 'idle.js'), type: 'text/javascript; charset=utf-8' },
  'gallring.js': { file: path.join(ASSETS_DIR, 'gallring.js'), type: 'text/javascript; charset=utf-8' },
};

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  @Get(':name')
  @Public()
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!asset) throw Problems.notFound('The file');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type(asset.type).sendFile(asset.file);
  }
}
