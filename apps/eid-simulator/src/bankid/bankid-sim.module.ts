import { Module } from '@nestjs/common';

// Placeholder: built in the identity issue (#4).
@Module({})
export class BankIdSimModule {}
