import { Body, ConflictException, Controller, Delete, Get, Header, HttpCode, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TestUsers } from '../control/test-users.js';
import { FrejaApproveDto, FrejaScenarioDto } from './dto/freja-scenario.dto.js';
import { FrejaJwsKeys } from './freja-jws.js';
import { FrejaOrders, type FrejaOrderView, type FrejaScenario } from './freja-orders.js';

/** Test-server controls for the Freja simulator: scripts, orders, the app's approve/decline, the JWS certificate. */
@ApiTags('control: freja')
@Controller('control/freja')
export class FrejaControlController {
  constructor(
    private readonly orders: FrejaOrders,
    private readonly users: TestUsers,
    private readonly keys: FrejaJwsKeys,
  ) {}

  @Get('jws-certificate')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The certificate Freja results (`details`) are signed with; its x5t is in each JWS header' })
  async jwsCertificate(): Promise<string> {
    return (await this.keys.get()).certificatePem;
  }

  @Get('jws-certificate/x5t')
  @ApiOperation({ summary: 'The x5t (base64url SHA-1 of the DER) of the JWS certificate' })
  async jwsX5t(): Promise<{ x5t: string }> {
    return { x5t: (await this.keys.get()).x5t };
  }

  @Put('scenario')
  @ApiOperation({ summary: 'Script the next orders (statuses per getOneResult call, approving person, error injection)' })
  setScenario(@Body() dto: FrejaScenarioDto): FrejaScenario {
    this.orders.setScenario(dto);
    return dto;
  }

  @Post('scenario')
  @ApiOperation({ summary: 'Same as PUT' })
  postScenario(@Body() dto: FrejaScenarioDto): FrejaScenario {
    return this.setScenario(dto);
  }

  @Get('scenario')
  @ApiOperation({ summary: 'The scripted scenario, or {} when none is set' })
  getScenario(): FrejaScenario {
    return this.orders.currentScenario() ?? {};
  }

  @Delete('scenario')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the scripted scenario: orders complete as by default again' })
  clearScenario(): void {
    this.orders.clearScenario();
  }

  @Get('orders')
  @ApiOperation({ summary: 'All orders the simulator holds, with their QR link' })
  list(): FrejaOrderView[] {
    return this.orders.list();
  }

  @Post('orders/:ref/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'The app approves: ref is an authRef or a URL-encoded frejaeid:// QR link' })
  approve(@Param('ref') ref: string, @Body() dto: FrejaApproveDto): FrejaOrderView {
    const authRef = this.existing(ref);
    const pnr = dto.personalNumber ?? this.orders.list().find((o) => o.authRef === authRef)?.personalNumber;
    const user = pnr ? this.users.get(pnr) : this.users.default();
    if (!user) throw new NotFoundException(`No test user ${pnr}`);
    if (!this.orders.approve(authRef, user)) throw new ConflictException('The order is final, or names another person');
    return this.viewOf(authRef);
  }

  @Post('orders/:ref/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user declines in the app (CANCELED)' })
  decline(@Param('ref') ref: string): FrejaOrderView {
    return this.act(ref, (authRef) => this.orders.decline(authRef));
  }

  @Post('orders/:ref/deliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'The app has the order (DELIVERED_TO_MOBILE)' })
  deliver(@Param('ref') ref: string): FrejaOrderView {
    return this.act(ref, (authRef) => this.orders.deliver(authRef));
  }

  @Post('orders/:ref/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freja rejects for security reasons (REJECTED)' })
  reject(@Param('ref') ref: string): FrejaOrderView {
    return this.act(ref, (authRef) => this.orders.reject(authRef));
  }

  private act(ref: string, action: (authRef: string) => boolean): FrejaOrderView {
    const authRef = this.existing(ref);
    if (!action(authRef)) throw new ConflictException('The order is already final');
    return this.viewOf(authRef);
  }

  private existing(ref: string): string {
    const authRef = this.orders.resolveRef(ref);
    if (!authRef) throw new NotFoundException('No such Freja order');
    return authRef;
  }

  private viewOf(authRef: string): FrejaOrderView {
    const view = this.orders.list().find((o) => o.authRef === authRef);
    if (!view) throw new NotFoundException('No such Freja order');
    return view;
  }
}
