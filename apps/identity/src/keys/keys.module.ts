import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JwksController } from './jwks.controller.js';
import { KeyRing } from './key-ring.js';
import { SIGNING_KEY_MODEL, SigningKeySchema } from './signing-key.schema.js';
import { TokenIssuer } from './token-issuer.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: SIGNING_KEY_MODEL, schema: SigningKeySchema }])],
  controllers: [JwksController],
  providers: [KeyRing, TokenIssuer],
  exports: [TokenIssuer, KeyRing],
})
export class KeysModule {}
