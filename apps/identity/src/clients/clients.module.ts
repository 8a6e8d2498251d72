import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { KeysModule } from '../keys/keys.module.js';
import { CLIENT_MODEL, ClientSchema } from './client.schema.js';
import { ClientsController } from './clients.controller.js';
import { ClientsService } from './clients.service.js';
import { OAuthController } from './oauth.controller.js';

@Module({
  imports: [KeysModule, MongooseModule.forFeature([{ name: CLIENT_MODEL, schema: ClientSchema }])],
  controllers: [OAuthController, ClientsController],
  providers: [ClientsService],
})
export class ClientsModule {}
