import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { KeysModule } from '../keys/keys.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { MongoRequestsRepository } from './persistence/mongo-requests.repository.js';
import { PartVault } from './persistence/part-vault.js';
import { REQUEST_MODEL, REQUEST_PART_MODEL, RequestPartSchema, RequestSchema } from './persistence/request.schema.js';
import { RequestsRepository } from './persistence/requests.repository.js';
import { QueueController } from './queue.controller.js';
import { RequestsConsumer } from './requests.consumer.js';
import { RequestsController } from './requests.controller.js';
import { RequestsQuery } from './requests.query.js';
import { RequestsMetrics } from './requests.metrics.js';
import { RequestsScheduler } from './requests.scheduler.js';
import { CloseRequestUseCase } from './usecases/close-request/close-request.usecase.js';
import { DecidePartsUseCase } from './usecases/decide-parts/decide-parts.usecase.js';
import { ExtendRequestUseCase } from './usecases/extend-request/extend-request.usecase.js';
import { OpenRequestUseCase } from './usecases/open-request/open-request.usecase.js';
import { RecordPartUseCase } from './usecases/record-part/record-part.usecase.js';
import { RemindServicesUseCase } from './usecases/remind-services/remind-services.usecase.js';
import { ResealPartsUseCase } from './usecases/reseal-parts/reseal-parts.usecase.js';
import { SettlePartsUseCase } from './usecases/settle-parts/settle-parts.usecase.js';

/**
 * Data-subject requests: opened by the person, fanned out to every data-holding service over Kafka,
 * their parts collected (decrypted, sealed at rest), decided and answered by officials on the legal
 * clock, and closed with rights.request.closed.v1.
 */
@Module({
  imports: [
    KeysModule,
    NoticesModule,
    MongooseModule.forFeature([
      { name: REQUEST_MODEL, schema: RequestSchema },
      { name: REQUEST_PART_MODEL, schema: RequestPartSchema },
    ]),
  ],
  controllers: [RequestsController, QueueController, RequestsConsumer],
  providers: [
    { provide: RequestsRepository, useClass: MongoRequestsRepository },
    PartVault,
    RequestsQuery,
    OpenRequestUseCase,
    RecordPartUseCase,
    ExtendRequestUseCase,
    DecidePartsUseCase,
    CloseRequestUseCase,
    RemindServicesUseCase,
    SettlePartsUseCase,
    ResealPartsUseCase,
    RequestsScheduler,
    RequestsMetrics,
  ],
  // The re-keying of a SUBJECT_KEY_SECRET rotation moves requests too (subject-keys/).
  exports: [RequestsRepository],
})
export class RequestsModule {}
