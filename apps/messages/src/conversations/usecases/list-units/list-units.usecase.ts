import { Injectable } from '@nestjs/common';
import { Units } from '../../domain/units.js';
import type { UnitDto } from '../../dto/conversation.dto.js';

/** The units, and whether each takes conversations from citizens. */
@Injectable()
export class ListUnits {
  constructor(private readonly units: Units) {}

  execute(): UnitDto[] {
    return this.units.all().map((u) => ({ unit: u.id, name: u.name, acceptsCitizens: u.acceptsCitizens }));
  }
}
