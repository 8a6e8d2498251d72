import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JwksController } from './jwks.controller.js';
import { MongoRightsKeysRepository } from './persistence/mongo-rights-keys.repository.js';
import { RIGHTS_KEY_MODEL, RightsKeySchema } from './persistence/rights-key.schema.js';
import { RightsKeysRepository } from './persistence/rights-keys.repository.js';
import { RightsKeys } from './rights-keys.js';

/** The service's key pairs and their JWKS. Exports `RightsKeys`. */
@Module({
  imports: [MongooseModule.forFeature([{ name: RIGHTS_KEY_MODEL, schema: RightsKeySchema }])],
  controllers: [JwksController],
  providers: [{ provide: RightsKeysRepository, useClass: MongoRightsKeysRepository }, RightsKeys],
  exports: [RightsKeys],
})
export class KeysModule {}
