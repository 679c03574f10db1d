import { describe, expect, it } from 'vitest';
import { countryName } from './countries';

describe('countryName', () => {
  it('names a country in English by default, and in the locale asked for', () => {
    expect(countryName('BE')).toBe('Belgium');
    expect(countryName('NL')).toBe('Netherlands');
    expect(countryName('BE', 'fr')).toBe('Belgique');
    expect(countryName('BE')).toBe('Belgium'); // each locale keeps its own names
  });

  it('says what ALL means, and falls back to the code for what it cannot name', () => {
    expect(countryName('ALL')).toBe('All available locations');
    expect(countryName('not a code')).toBe('not a code');
    expect(countryName('BE', '!!')).toBe('BE');
  });
});
