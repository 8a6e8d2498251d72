import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException, Problems } from '@insyn/observability';
import { type TestUser, TestUsers } from '../control/test-users.js';
import { ActAsUserDto, AutostartDto, ErrorInjectionDto, ScanQrDto, ScenarioDto } from './dto/control.dto.js';
import { BankIdOrders, OrderActionError, type OrderView } from './orders/bankid-orders.js';
import { BankIdScenarios, type Scenario } from './orders/bankid-scenarios.js';
import type { CollectState } from './orders/collect-state.js';

/** Control API errors are problem+json; an action refused by the "app" names why. */
export function problemOf(error: unknown): unknown {
  if (!(error instanceof OrderActionError)) return error;
  switch (error.reason) {
    case 'notFound':
      return Problems.notFound('The order');
    case 'final':
    case 'alreadyPickedUp':
    case 'wrongPerson':
      return Problems.conflict(error.message);
    case 'qrUnreadable':
    case 'qrForged':
    case 'qrStale':
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'bankid-qr-refused',
        'QR code refused (RFA17B)',
        error.message,
        undefined,
        {
          reason: error.reason,
        },
      );
  }
}

/** Plays the BankID app and scripts outcomes for tests (plain HTTP, no authentication: a test tool). */
@ApiTags('control: BankID')
@Controller('control/bankid')
export class BankIdControlController {
  constructor(
    private readonly orders: BankIdOrders,
    private readonly scenarios: BankIdScenarios,
    private readonly users: TestUsers,
  ) {}

  @Get('orders')
  @ApiOperation({ summary: 'Pending orders (no tokens or secrets)' })
  pending(): OrderView[] {
    return this.orders.pending();
  }

  @Post('orders/:orderRef/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user approves in the app (picks the order up first if nobody has)' })
  approve(@Param('orderRef') orderRef: string, @Body() body: ActAsUserDto): OrderView {
    const user = this.user(body.personalNumber);
    return this.act(() => this.orders.approve(orderRef, user, body.risk ? { risk: body.risk } : {}));
  }

  @Post('orders/:orderRef/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user cancels in the app (userCancel)' })
  decline(@Param('orderRef') orderRef: string): OrderView {
    return this.act(() => this.orders.decline(orderRef));
  }

  @Post('scan')
  @HttpCode(200)
  @ApiOperation({ summary: 'The app scans QR content; refused unless it is the current code (±2 s)' })
  scan(@Body() body: ScanQrDto): OrderView {
    const user = this.user(body.personalNumber) ?? this.users.default();
    return this.act(() => {
      const view = this.orders.scan(body.qr, user);
      return body.approve ? this.orders.approve(view.orderRef, user, body.risk ? { risk: body.risk } : {}) : view;
    });
  }

  @Post('autostart')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The app on the same device is launched with the autostart token',
    description: 'Once approved, the answer names the `returnUrl` the app opens (when the RP sent one).',
  })
  autostart(@Body() body: AutostartDto): OrderView {
    const user = this.user(body.personalNumber);
    return this.act(() => {
      const view = this.orders.autostart(body.autoStartToken, user);
      return body.approve ? this.orders.approve(view.orderRef, user, body.risk ? { risk: body.risk } : {}) : view;
    });
  }

  @Get('scenarios')
  @ApiOperation({ summary: 'The scripted scenarios and error injection in force' })
  scripted() {
    return this.scenarios.describe();
  }

  @Post('scenarios')
  @HttpCode(204)
  @ApiOperation({ summary: 'Script the collect states of the next order(s), or of all orders' })
  addScenario(@Body() body: ScenarioDto): void {
    const scenario: Scenario = { states: body.states.map((s, i) => toCollectState(s, i)) };
    if (body.personalNumber) scenario.personalNumber = this.user(body.personalNumber)!.personalNumber;
    if (body.all) this.scenarios.setForAll(scenario);
    else this.scenarios.queueForNext(scenario, body.orders ?? 1);
  }

  @Delete('scenarios')
  @HttpCode(204)
  @ApiOperation({ summary: 'Drop every scripted scenario' })
  clearScenarios(): void {
    this.scenarios.clearScenarios();
  }

  @Post('errors')
  @HttpCode(204)
  @ApiOperation({ summary: 'Inject BankID errors at a rate on auth/sign/collect (or the endpoints given)' })
  injectErrors(@Body() body: ErrorInjectionDto): void {
    this.scenarios.setErrors({ rate: body.rate, errors: body.errors, endpoints: body.endpoints ?? ['auth', 'sign', 'collect'] });
  }

  @Delete('errors')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop injecting errors' })
  clearErrors(): void {
    this.scenarios.setErrors(undefined);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget all orders, scenarios and injected errors' })
  reset(): void {
    this.scenarios.reset();
    this.orders.reset();
  }

  /** A known test user, 404 problem for an unknown personnummer. */
  private user(personalNumber: string | undefined): TestUser | undefined {
    if (!personalNumber) return undefined;
    const user = this.users.get(personalNumber);
    if (!user) throw Problems.notFound(`Test user ${personalNumber} (add it with POST /control/users)`);
    return user;
  }

  private act<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw problemOf(error);
    }
  }
}

function toCollectState(dto: { status: 'pending' | 'failed' | 'complete'; hintCode?: string }, index: number): CollectState {
  if (dto.status === 'complete') {
    if (dto.hintCode !== undefined) {
      throw Problems.validation([{ field: `states.${index}.hintCode`, messages: ['a complete state has no hintCode'] }]);
    }
    return { status: 'complete' };
  }
  return { status: dto.status, hintCode: dto.hintCode! };
}
