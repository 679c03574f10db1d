import { EU_COUNTRY_CODES, countryName } from '@/lib/banqup/countries';

const EU = new Set<string>(EU_COUNTRY_CODES);

/** Where brand and countries disagree (DESIGN: Jefacture is France only, Banqup is the EU). */
export function brandCountryWarning(brandName: string | undefined, countries: readonly string[]): string | undefined {
  if (countries.length === 0) return undefined;
  if (brandName === 'Jefacture') {
    const outside = countries.filter((code) => code !== 'FR');
    if (outside.length) {
      return `Jefacture is available only in France, but ${outside.includes('ALL') ? 'all locations' : outside.map((c) => countryName(c)).join(', ')} ${outside.length > 1 ? 'are' : 'is'} selected.`;
    }
  }
  if (brandName === 'Banqup') {
    const outside = countries.filter((code) => code !== 'ALL' && !EU.has(code));
    if (outside.length) return `Banqup is available in the European Union; ${outside.map((c) => countryName(c)).join(', ')} ${outside.length > 1 ? 'are' : 'is'} outside it.`;
  }
  return undefined;
}
