import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JwksController } from './jwks.controller.js';
import { KeyRing } from './key-ring.js';
import { MongoSigningKeysRepository } from './persistence/mongo-signing-keys.repository.js';
import { SIGNING_KEY_MODEL, SigningKeySchema } from './persistence/signing-key.schema.js';
import { SigningKeysRepository } from './persistence/signing-keys.repository.js';
import { TokenIssuer } from './token-issuer.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: SIGNING_KEY_MODEL, schema: SigningKeySchema }])],
  controllers: [JwksController],
  providers: [{ provide: SigningKeysRepository, useClass: MongoSigningKeysRepository }, KeyRing, TokenIssuer],
  exports: [TokenIssuer, KeyRing],
})
export class KeysModule {}
