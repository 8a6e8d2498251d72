import { Module } from '@nestjs/common';
import { PhonePageController } from './phone-page.controller.js';
import { TestUsersController } from './users.controller.js';

/**
 * The shared control surface on the plain HTTP listener: test persons (`/control/users`) and the phone
 * page (`/`, `/phone/...`). Provider-specific control routes live in their modules (`/control/bankid/...`).
 * TestUsers and SimulatedProviders come from the global SimulatorSharedModule.
 */
@Module({ controllers: [TestUsersController, PhonePageController] })
export class ControlModule {}
