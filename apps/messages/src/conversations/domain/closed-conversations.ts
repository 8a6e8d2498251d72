import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** In-process signal that a conversation was closed, so archiving starts at once instead of on its next tick. */
@Injectable()
export class ClosedConversations {
  readonly closed$ = new Subject<string>();
}
