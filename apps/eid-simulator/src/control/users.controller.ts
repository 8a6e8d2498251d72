import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsPersonalNumber } from './personal-number.js';
import { type TestUser, TestUsers } from './test-users.js';

export class TestUserDto {
  @ApiProperty({ example: 'ÅÅÅÅMMDDNNNK', description: '12 digits with a valid check digit (a test person)' })
  @IsPersonalNumber()
  personalNumber!: string;

  @ApiProperty({ example: 'Anna' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  givenName!: string;

  @ApiProperty({ example: 'Andersson' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  surname!: string;

  @ApiPropertyOptional({ description: 'SITHS only: HSA-id', example: 'SE2120002627-E000000000001' })
  @IsOptional()
  @Matches(/^SE\d{10}-[A-Za-z0-9]{1,31}$/)
  hsaId?: string;

  @ApiPropertyOptional({
    description: 'SITHS only: her unit and roles in the setup under test, shown on the sign-in page (never a claim)',
    example: 'socialtjansten: messages-handler',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

/** The test persons every simulated provider signs in as. */
@ApiTags('control: test users')
@Controller('control/users')
export class TestUsersController {
  constructor(private readonly users: TestUsers) {}

  @Get()
  @ApiOperation({ summary: 'List the test persons' })
  list(): TestUser[] {
    return this.users.all();
  }

  @Post()
  @ApiOperation({ summary: 'Add or replace a test person' })
  put(@Body() body: TestUserDto): TestUser {
    const user: TestUser = { personalNumber: body.personalNumber, givenName: body.givenName, surname: body.surname };
    if (body.hsaId) user.hsaId = body.hsaId;
    if (body.hsaId && body.description) user.description = body.description;
    this.users.put(user);
    return user;
  }
}
