import { Module } from '@nestjs/common';

// Placeholder: built in the retention issue (#6).
@Module({})
export class HoldsModule {}
