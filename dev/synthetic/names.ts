import type { SimAd } from './sim-company.ts';

// Spanish, Honduran-flavoured names for agents, tags, ads and businesses.

const FIRST_NAMES = [
  'María',
  'José',
  'Ana',
  'Carlos',
  'Lucía',
  'Jorge',
  'Sofía',
  'Luis',
  'Daniela',
  'Miguel',
  'Gabriela',
  'Fernando',
  'Valeria',
  'Andrés',
  'Camila',
  'Ricardo',
  'Isabel',
  'Diego',
  'Paola',
  'Héctor',
];
const LAST_NAMES = [
  'García',
  'Martínez',
  'López',
  'Hernández',
  'Rodríguez',
  'Flores',
  'Mejía',
  'Reyes',
  'Castillo',
  'Zelaya',
  'Ordóñez',
  'Núñez',
  'Banegas',
  'Cruz',
  'Aguilar',
];
const BASE_TAGS = [
  'Interesado',
  'Seguimiento',
  'Cotización enviada',
  'Cliente nuevo',
  'Precio',
  'Venta cerrada',
  'Sin respuesta',
  'Pedido en proceso',
  'Entrega a domicilio',
  'Crédito',
  'Mayoreo',
  'Garantía',
  'Promoción',
  'Llamar después',
  'Queja',
];
const ZONES = [
  'Atlántida',
  'Choluteca',
  'Colón',
  'Comayagua',
  'Copán',
  'Cortés',
  'El Paraíso',
  'Francisco Morazán',
  'Gracias a Dios',
  'Intibucá',
  'Islas de la Bahía',
  'La Paz',
  'Lempira',
  'Ocotepeque',
  'Olancho',
  'Santa Bárbara',
  'Valle',
  'Yoro',
];
const PRODUCTS = [
  'Tinaco 1100 L',
  'Tinaco 2500 L',
  'Cisterna',
  'Bomba sumergible',
  'Filtro de agua',
  'Purificador',
  'Calentador solar',
  'Tubería PVC',
  'Hidroneumático',
  'Suavizador',
  'Lavamanos',
  'Grifería',
];
const AD_NAMES = [
  'Tinacos – Tráfico WhatsApp',
  'Promo Semana Santa',
  'Retargeting clientes',
  'Catálogo – Mensajes',
  'Ofertas de temporada',
  'Lanzamiento Cisterna Pro',
  'Público similar 1 %',
  'Video testimonios',
];
export const BUSINESS_KINDS = [
  'Distribuidora',
  'Ferretería',
  'Comercial',
  'Inversiones',
  'Agua Pura',
  'Servicios Técnicos',
  'Materiales',
  'Importadora',
  'Depósito',
  'Suministros',
];
export const PLACES = [
  'Tegucigalpa',
  'San Pedro Sula',
  'La Ceiba',
  'Choluteca',
  'Comayagua',
  'El Progreso',
  'Danlí',
  'Juticalpa',
  'Santa Rosa',
  'Siguatepeque',
  'Puerto Cortés',
  'Roatán',
];

export const pickAt = (values: string[], index: number): string => values[index % values.length] ?? '';

/** n unique "Nombre Apellido" names: the pairs are distinct for the first 300, then numbered. */
export const agentNames = (count: number, offset = 0): string[] =>
  Array.from({ length: count }, (_, position) => {
    const index = position + offset;
    const round = Math.floor(index / FIRST_NAMES.length);
    const name = `${pickAt(FIRST_NAMES, index)} ${pickAt(LAST_NAMES, (index % FIRST_NAMES.length) + round)}`;
    return round >= LAST_NAMES.length ? `${name} ${round}` : name;
  });

export const tagNames = (count: number): string[] =>
  [
    ...BASE_TAGS,
    ...ZONES.map((zone) => `Zona: ${zone}`),
    ...PRODUCTS.map((product) => `Producto: ${product}`),
    ...Array.from({ length: Math.max(0, count) }, (_, index) => `Campaña ${index + 1}`),
  ].slice(0, count);

export const adsFor = (companyId: number, count: number): SimAd[] =>
  Array.from({ length: count }, (_, index) => {
    // Meta ad ids are 15-18 digit strings; this keeps them unique per company and readable.
    const adId = `12020${String(companyId).padStart(6, '0')}${String(index + 1).padStart(4, '0')}`;
    const base = pickAt(AD_NAMES, index);
    return {
      adId,
      name: index < AD_NAMES.length ? base : `${base} ${Math.floor(index / AD_NAMES.length) + 1}`,
      // Some ads have no creative image: the report must cope.
      ...(index % 4 === 3 ? {} : { imageUrl: `https://example.com/ads/${adId}.jpg` }),
    };
  });
