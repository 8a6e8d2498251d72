import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('operations')
@Controller('health')
export class SimulatorHealthController {
  @Get()
  @ApiOperation({ summary: 'Liveness (the simulator has no dependencies)' })
  check() {
    return { status: 'ok' };
  }
}
