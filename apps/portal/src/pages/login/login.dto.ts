import { IsIn, IsOptional, IsString } from 'class-validator';

export class StartSignInForm {
  @IsIn(['bankid', 'freja'])
  provider!: 'bankid' | 'freja';

  @IsIn(['qr', 'same-device'])
  method!: 'qr' | 'same-device';

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class CsrfForm {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

/** Sign-out; `reason=idle` when the idle warning signs the person out (the sign-in page then says why). */
export class SignOutForm extends CsrfForm {
  @IsOptional()
  @IsIn(['idle'])
  reason?: 'idle';
}
