import { Module } from '@nestjs/common';
import { NoticePublishedV1Event, NoticeWithdrawnV1Event, RuleActivatedV1Event, RuleRetiredV1Event } from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import { NoticeEnv } from './config/notice-env.js';
import { NoticesModule } from './notices/notices.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'notice',
      env: NoticeEnv,
      events: [NoticePublishedV1Event, NoticeWithdrawnV1Event, RuleActivatedV1Event, RuleRetiredV1Event],
      outboxCollections: ['notices'],
    }),
    NoticesModule,
  ],
})
export class AppModule {}
