import { Module } from '@nestjs/common';
import {
  AuditAccessedV1Event,
  ConsentChangedV1Event,
  NoticePublishedV1Event,
  NoticeWithdrawnV1Event,
  PurgeCompletedV1Event,
  PurgeRequestedV1Event,
  RightsRequestClosedV1Event,
  RightsRequestOpenedV1Event,
  RightsRequestPartV1Event,
} from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import { AccessLogModule } from './access-log/access-log.module.js';
import { RightsEnv } from './config/rights-env.js';
import { ConsentsModule } from './consents/consents.module.js';
import { KeysModule } from './keys/keys.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { ReceiptsModule } from './receipts/receipts.module.js';
import { REQUESTS_COLLECTION } from './requests/persistence/request.schema.js';
import { RequestsModule } from './requests/requests.module.js';
import { SubjectKeysModule } from './subject-keys/subject-keys.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'rights',
      env: RightsEnv,
      events: [
        NoticePublishedV1Event,
        NoticeWithdrawnV1Event,
        AuditAccessedV1Event,
        ConsentChangedV1Event,
        PurgeRequestedV1Event,
        PurgeCompletedV1Event,
        RightsRequestOpenedV1Event,
        RightsRequestPartV1Event,
        RightsRequestClosedV1Event,
      ],
      outboxCollections: ['consents', 'access_log_purges', REQUESTS_COLLECTION],
    }),
    KeysModule,
    NoticesModule,
    ConsentsModule,
    ReceiptsModule,
    AccessLogModule,
    RequestsModule,
    SubjectKeysModule,
  ],
})
export class AppModule {}
