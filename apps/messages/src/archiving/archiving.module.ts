import path from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { MessagesEnv } from '../config/messages-env.js';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { ArchiveHealth } from './archive.health.js';
import { Archiver } from './archiver.js';
import { ArchivePort } from './package/archive-port.js';
import { FolderArchiveAdapter } from './package/folder-archive.adapter.js';
import { HttpArchiveAdapter } from './package/http-archive.adapter.js';

@Module({
  imports: [ConversationsModule],
  providers: [
    Archiver,
    ArchiveHealth,
    {
      provide: ArchivePort,
      inject: [ConfigService],
      useFactory: (config: ConfigService<MessagesEnv, true>) => {
        const url = config.get('ARCHIVE_URL', { infer: true });
        const authorization = config.get('ARCHIVE_AUTHORIZATION', { infer: true });
        if (url) return new HttpArchiveAdapter(url, { timeoutMs: 30_000, ...(authorization ? { headers: { authorization } } : {}) });
        // Beside the other caches of this machine (INSYN_CACHE_DIR, as `npm start` and the infrastructure use).
        const dir = config.get('ARCHIVE_DIR', { infer: true }) ?? path.join(config.get('INSYN_CACHE_DIR', { infer: true }), 'archive');
        return new FolderArchiveAdapter(dir);
      },
    },
  ],
  exports: [Archiver],
})
export class ArchivingModule {}
