import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccessLogConsumer } from './access-log.consumer.js';
import { AccessLogController } from './access-log.controller.js';
import { ACCESS_ENTRY_MODEL, AccessEntrySchema } from './persistence/access-entry.schema.js';
import { ACCESS_LOG_PURGE_MODEL, AccessLogPurgeSchema } from './persistence/access-log-purge.schema.js';
import { AccessLogPurgesRepository } from './persistence/access-log-purges.repository.js';
import { AccessLogRepository } from './persistence/access-log.repository.js';
import { MongoAccessLogPurgesRepository } from './persistence/mongo-access-log-purges.repository.js';
import { MongoAccessLogRepository } from './persistence/mongo-access-log.repository.js';
import { UnitNames } from './unit-names.js';
import { ListOwnAccessLog } from './usecases/list-own-access-log/list-own-access-log.usecase.js';
import { PurgeAccessLog } from './usecases/purge-access-log/purge-access-log.usecase.js';
import { ReadPersonAccessLog } from './usecases/read-person-access-log/read-person-access-log.usecase.js';
import { RecordAccess } from './usecases/record-access/record-access.usecase.js';

/** The access log (loggutdrag): reads reported by every service, the citizen's view, the rights function's view, gallring. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ACCESS_ENTRY_MODEL, schema: AccessEntrySchema },
      { name: ACCESS_LOG_PURGE_MODEL, schema: AccessLogPurgeSchema },
    ]),
  ],
  controllers: [AccessLogController, AccessLogConsumer],
  providers: [
    { provide: AccessLogRepository, useClass: MongoAccessLogRepository },
    { provide: AccessLogPurgesRepository, useClass: MongoAccessLogPurgesRepository },
    UnitNames,
    RecordAccess,
    ListOwnAccessLog,
    ReadPersonAccessLog,
    PurgeAccessLog,
  ],
  // The re-keying of a SUBJECT_KEY_SECRET rotation moves entries too (subject-keys/).
  exports: [AccessLogRepository],
})
export class AccessLogModule {}
