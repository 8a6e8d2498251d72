import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { IdGenerator, UuidV7Generator } from './id-generator.js';

/** The injectable clock and id generator every app uses (docs/style.md 8). */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: IdGenerator, useClass: UuidV7Generator },
  ],
  exports: [Clock, IdGenerator],
})
export class PlatformModule {}
