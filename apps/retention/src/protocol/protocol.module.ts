import { Module } from '@nestjs/common';
import { ProtocolController } from './protocol.controller.js';
import { ProtocolEntriesRepository } from './persistence/protocol-entries.repository.js';
import { ProtocolLedger } from './protocol.ledger.js';

/**
 * The gallringsprotokoll: the append-only, hash-chained ledger (collection `gallringsprotokoll`) and its
 * read, verify and export endpoints. Exports `ProtocolLedger` for the gallring runs, which append to it.
 */
@Module({
  controllers: [ProtocolController],
  providers: [ProtocolEntriesRepository, ProtocolLedger],
  exports: [ProtocolLedger],
})
export class ProtocolModule {}
