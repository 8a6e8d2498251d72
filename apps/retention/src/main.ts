import 'reflect-metadata';
import { bootstrapService } from '@insyn/service-kit';
import { AppModule } from './app.module.js';
import { SERVICE } from './service.js';

await bootstrapService(AppModule, SERVICE);
