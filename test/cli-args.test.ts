/**
 * The command line's argument parsers, each on its own: the value a good argument gives, and the
 * message a bad one is refused with (commander puts it after "option '…' argument '…' is invalid.").
 */
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collect, directory, integer, list, MAX_TIMEOUT_S, oneOf, probability, ratio, seconds, textOrMarkdown, timeoutSeconds } from '../orchestrator/cli/args.ts';

/** The message `parse(v)` refuses `v` with, checking it is commander's kind of refusal. */
function refusal(parse: (v: string) => unknown, v: string): string {
  try {
    parse(v);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as Error).message;
  }
  throw new Error(`"${v}" was accepted`);
}

describe('list', () => {
  it('splits on commas, trims and drops blanks', () => {
    expect(list('node, bun,,deno ')).toEqual(['node', 'bun', 'deno']);
    expect(list('node@26.10.0')).toEqual(['node@26.10.0']);
  });
  it('refuses a list with no name', () => {
    for (const v of ['', ',', ' , ,']) expect(refusal(list, v)).toBe('expected one or more comma-separated names');
  });
});

describe('collect', () => {
  it('appends each value to the ones before, in order', () => {
    expect(collect('bun=/a')).toEqual(['bun=/a']);
    const prev = ['bun=/a'];
    expect(collect('bun:x=/b', prev)).toEqual(['bun=/a', 'bun:x=/b']);
    expect(prev).toEqual(['bun=/a']);
  });
});

describe('seconds', () => {
  it('holds what a Node timer holds: 2^31 - 1 ms, in whole seconds', () => {
    expect(MAX_TIMEOUT_S).toBe(2_147_483);
  });
  it('accepts a positive number up to the maximum', () => {
    expect(seconds('0.5')).toBe(0.5);
    expect(seconds('300')).toBe(300);
    expect(seconds(String(MAX_TIMEOUT_S))).toBe(MAX_TIMEOUT_S);
  });
  it('refuses zero, a negative, too long, not a number and nothing', () => {
    for (const v of ['0', '-3', String(MAX_TIMEOUT_S + 1), 'abc', '', ' ', 'Infinity']) {
      expect(refusal(seconds, v)).toBe(`expected a number of seconds above 0 and at most 2147483, got "${v}"`);
    }
  });
});

describe('directory', () => {
  it('keeps the path as given', () => expect(directory('results/x')).toBe('results/x'));
  it('refuses an empty or blank path', () => {
    for (const v of ['', '  ']) expect(refusal(directory, v)).toBe('expected a directory, got an empty string');
  });
});

describe('ratio', () => {
  it('accepts 1 and more', () => {
    expect(ratio('1')).toBe(1);
    expect(ratio('1.05')).toBe(1.05);
  });
  it('refuses below 1 and not a number', () => {
    for (const v of ['0.9', '-2', 'x', 'NaN']) expect(refusal(ratio, v)).toBe(`expected a ratio of 1 or more (1.1 = a 10 % change), got "${v}"`);
  });
});

describe('probability', () => {
  it('accepts strictly between 0 and 1', () => {
    expect(probability('0.01')).toBe(0.01);
    expect(probability('0.999')).toBe(0.999);
  });
  it('refuses 0, 1, outside and not a number', () => {
    for (const v of ['0', '1', '2', '-0.5', 'p']) {
      expect(refusal(probability, v)).toBe(`expected a significance level between 0 and 1 (e.g. 0.01), got "${v}"`);
    }
  });
});

describe('oneOf', () => {
  const format = oneOf(['bmf', 'gab'] as const, 'export format');
  it('returns a valid choice', () => expect(format('gab')).toBe('gab'));
  it('names the bad one and the valid ones', () => {
    expect(refusal(format, 'csv')).toBe('unknown export format "csv"; valid: bmf, gab');
    expect(refusal(format, 'BMF')).toBe('unknown export format "BMF"; valid: bmf, gab');
  });
  it('textOrMarkdown is the verdicts\' --format', () => {
    expect(textOrMarkdown('markdown')).toBe('markdown');
    expect(refusal(textOrMarkdown, 'html')).toBe('unknown format "html"; valid: text, markdown');
  });
});

describe('integer', () => {
  const rounds = integer('a round count', 2, 50);
  it('accepts digits within the range, ends included', () => {
    expect(rounds('2')).toBe(2);
    expect(rounds('50')).toBe(50);
    expect(rounds(' 10 ')).toBe(10);
  });
  it('refuses out of range, fractions, signs, exponents and nothing', () => {
    for (const v of ['1', '51', '2.5', '-3', '+3', '1e1', '', 'ten']) {
      expect(refusal(rounds, v)).toBe(`expected a round count, an integer from 2 to 50, got "${v}"`);
    }
  });
  it('refuses past the largest safe integer even within a wider range', () => {
    const big = integer('a seed', 0, Number.MAX_VALUE);
    expect(big('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(refusal(big, '9007199254740993')).toMatch(/^expected a seed, an integer from 0 to/);
  });
});

describe('timeoutSeconds', () => {
  it('is the one given, else 30 minutes for a full run and 5 for the others', () => {
    expect(timeoutSeconds('full', 12)).toBe(12);
    expect(timeoutSeconds('full')).toBe(1800);
    expect(timeoutSeconds('quick')).toBe(300);
    expect(timeoutSeconds('verify')).toBe(300);
  });
});
