import { Injectable } from '@nestjs/common';

/** Where the time comes from. Inject it; never call `new Date()` in a use case. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
