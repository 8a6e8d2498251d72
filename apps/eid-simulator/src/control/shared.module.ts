import { Global, Module } from '@nestjs/common';
import { SimulatedProviders } from './simulated-providers.js';
import { TestUsers } from './test-users.js';

/** State every simulated provider shares: the test persons and the registry the phone page reads. */
@Global()
@Module({ providers: [TestUsers, SimulatedProviders], exports: [TestUsers, SimulatedProviders] })
export class SimulatorSharedModule {}
