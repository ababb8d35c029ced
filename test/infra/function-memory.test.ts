import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  BASE_MEMORY_MB,
  functionMemoryFor,
  lambdaNodeOptions,
  MAX_MEMORY_MB,
  MAX_RATE_PER_INVOCATION,
} from '../../infra/function-memory.ts';
import { exampleConfig, mailerFunction, synthesize } from './synth.ts';

describe('functionMemoryFor', () => {
  it("keeps 512 MB for the default and a new account's rates, and gives faster rates the CPU they need, up to one vCPU", () => {
    // act
    const memory = [1, 5, 14, 17, 25, 50, MAX_RATE_PER_INVOCATION, 200, 500].map(functionMemoryFor);

    // assert
    expect(memory).toEqual([512, 512, 512, 576, 832, 1600, 1769, 1769, 1769]);
    expect(memory.every((mb) => mb >= BASE_MEMORY_MB && mb <= MAX_MEMORY_MB)).toBe(true);
  });

  it("caps V8's old generation at half the memory, with source maps on", () => {
    expect(lambdaNodeOptions(512)).toBe('--enable-source-maps --max-old-space-size=256');
    expect(lambdaNodeOptions(1769)).toBe('--enable-source-maps --max-old-space-size=884');
  });
});

describe('the report mailer sized from sendRatePerSecond', () => {
  it('gets the memory and heap cap of its rate, without a warning while one invocation keeps it', () => {
    // act
    const { stack, template } = synthesize({ config: { ...exampleConfig(), sendRatePerSecond: 50 } });

    // assert
    const [, fn] = mailerFunction(template);
    expect(fn.Properties).toMatchObject({
      MemorySize: 1600,
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=800' } },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('sendRatePerSecond'));
  });

  it('warns at synth when the rate is more than one invocation can send', () => {
    // act
    const { stack, template } = synthesize({ config: { ...exampleConfig(), sendRatePerSecond: 200 } });

    // assert
    expect(mailerFunction(template)[1].Properties).toMatchObject({ MemorySize: 1769 });
    Annotations.fromStack(stack).hasWarning(
      '*',
      Match.stringLikeRegexp(`sendRatePerSecond 200: one invocation sends about ${MAX_RATE_PER_INVOCATION} emails/s`),
    );
  });
});
