import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock, SystemClock } from './clock.js';

@Injectable()
class UsesClock {
  constructor(readonly clock: Clock) {}
}

@Module({ providers: [{ provide: Clock, useClass: SystemClock }, UsesClock] })
class M {}

describe('smoke', () => {
  it('injects by type', async () => {
    const mod = await Test.createTestingModule({ imports: [M] }).compile();
    expect(mod.get(UsesClock).clock.now()).toBeInstanceOf(Date);
  });
});
