import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EidModule } from '../eid/eid.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { SignOrderRepository } from './persistence/sign-order.repository.js';
import { SIGN_ORDER_MODEL, SignOrderSchema } from './persistence/sign-order.schema.js';
import { SignOrdersController } from './sign-orders.controller.js';
import { SignOrdersService } from './sign-orders.service.js';

/** BankID signing for signed-in citizens, ending in a sign assertion (ADR 0012). */
@Module({
  imports: [EidModule, KeysModule, MongooseModule.forFeature([{ name: SIGN_ORDER_MODEL, schema: SignOrderSchema }])],
  controllers: [SignOrdersController],
  providers: [SignOrderRepository, SignOrdersService],
})
export class SignOrdersModule {}
