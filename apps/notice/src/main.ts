import 'reflect-metadata';
import { bootstrapService } from '@insyn/service-kit';
import { AppModule } from './app.module.js';
import { NOTICE_SERVICE } from './notice-service.js';

await bootstrapService(AppModule, NOTICE_SERVICE);
