import { adsFor, agentNames, BUSINESS_KINDS, pickAt, PLACES, tagNames } from './names.ts';
import { DEFAULT_SEED, hash, Rng, STREAM } from './seeded-random.ts';
import type { SimCompany } from './sim-company.ts';

/** The group most local runs use: root business 1 and three companies that differ where it matters. */
export const defaultGroup = (): SimCompany[] => [
  {
    id: 1,
    nombre: 'Empresa Principal',
    img_wa: 'https://example.com/logo.png',
    currency: 'HNL',
    currency_conversion: 'USD',
    adAccount: 12,
    size: 1,
    agents: ['María García', 'José Martínez', 'Ana López', 'Carlos Hernández', 'Lucía Rodríguez'],
    tags: tagNames(12),
    ads: adsFor(1, 4),
  },
  {
    // Accent, ampersand and emoji: escaping and subject encoding must survive them.
    id: 2,
    nombre: 'Ferretería Núñez & Hijos 🔧',
    img_wa: 'https://example.com/logos/ferreteria.png',
    currency: 'HNL',
    currency_conversion: 'USD',
    adAccount: 27,
    size: 0.6,
    agents: agentNames(3, 20),
    tags: tagNames(9),
    ads: adsFor(2, 3),
  },
  {
    // No ad account (no adsBreakdown) and no logo.
    id: 3,
    nombre: 'Distribuidora San Pedro Sula',
    currency: 'HNL',
    size: 0.4,
    agents: agentNames(2, 40),
    tags: tagNames(8),
    ads: [],
  },
  {
    id: 4,
    nombre: 'Aquatec Guatemala',
    img_wa: 'https://example.com/logos/guatemala.png',
    currency: 'GTQ',
    currency_conversion: 'USD',
    adAccount: 31,
    size: 0.8,
    agents: agentNames(4, 60),
    tags: tagNames(10),
    ads: adsFor(4, 5),
  },
];

/** n companies with ids 1..n (1 is the root), varied size, currency and ad setup; deterministic. */
export const generateGroup = (count: number): SimCompany[] =>
  Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    const rng = new Rng(hash(DEFAULT_SEED, id, STREAM.group));
    const hasAds = index % 3 !== 2;
    const combination = index % (BUSINESS_KINDS.length * PLACES.length);
    const nombre =
      index === 0
        ? 'Empresa Principal'
        : `${pickAt(BUSINESS_KINDS, combination)} ${pickAt(PLACES, Math.floor(combination / BUSINESS_KINDS.length))}` +
          (index >= BUSINESS_KINDS.length * PLACES.length ? ` ${id}` : '');
    const currency = index % 5 === 4 ? 'GTQ' : index % 7 === 6 ? 'USD' : 'HNL';
    return {
      id,
      nombre,
      ...(index % 4 === 3 ? {} : { img_wa: `https://example.com/logos/${id}.png` }),
      currency,
      ...(currency === 'USD' ? {} : { currency_conversion: 'USD' }),
      ...(hasAds ? { adAccount: 100 + id } : {}),
      size: Math.round(rng.between(0.3, 3) * 100) / 100,
      agents: agentNames(rng.int(2, 8), index * 7),
      tags: tagNames(rng.int(8, 15)),
      ads: hasAds ? adsFor(id, rng.int(1, 6)) : [],
    };
  });

/** A stress company: 150 agents, 80 ads, 300 tags, a long name and ~30 000 conversations a month. */
export const largeCompany = (id = 1): SimCompany => ({
  id,
  nombre: 'Comercializadora Centroamericana de Equipos, Tanques y Suministros Hidráulicos, S. de R.L. de C.V.',
  img_wa: 'https://example.com/logos/comercializadora.png',
  currency: 'HNL',
  currency_conversion: 'USD',
  adAccount: 77,
  size: 55,
  agents: agentNames(150),
  tags: tagNames(300),
  ads: adsFor(id, 80),
});
