/**
 * Admin-1 areas of the countries the DTM Peru rounds name, as the first locations migration
 * inserted them. P-codes follow OCHA COD-AB, which for both countries is the ISO2 code followed
 * by the national statistics office's two-digit code (INEI ubigeo for Peru, INE for Venezuela).
 * The hub now loads these countries from seeds/gazetteers/PE.csv and VE.csv (COD-AB tables,
 * like any country's); test/gazetteer/shipped-gazetteers.test.ts holds the two in agreement.
 */
export interface Admin1 {
  pcode: string;
  name: string;
  aliases?: string[];
}

export const ADMIN1_AREAS: Record<string, Admin1[]> = {
  PER: [
    { pcode: 'PE01', name: 'Amazonas' },
    { pcode: 'PE02', name: 'Áncash', aliases: ['Ancash'] },
    { pcode: 'PE03', name: 'Apurímac' },
    { pcode: 'PE04', name: 'Arequipa' },
    { pcode: 'PE05', name: 'Ayacucho' },
    { pcode: 'PE06', name: 'Cajamarca' },
    { pcode: 'PE07', name: 'Callao', aliases: ['Provincia Constitucional del Callao'] },
    { pcode: 'PE08', name: 'Cusco', aliases: ['Cuzco'] },
    { pcode: 'PE09', name: 'Huancavelica' },
    { pcode: 'PE10', name: 'Huánuco' },
    { pcode: 'PE11', name: 'Ica' },
    { pcode: 'PE12', name: 'Junín' },
    { pcode: 'PE13', name: 'La Libertad' },
    { pcode: 'PE14', name: 'Lambayeque' },
    { pcode: 'PE15', name: 'Lima', aliases: ['Lima Metropolitana', 'Lima Provincias', 'Metropolitan Lima'] },
    { pcode: 'PE16', name: 'Loreto' },
    { pcode: 'PE17', name: 'Madre de Dios' },
    { pcode: 'PE18', name: 'Moquegua' },
    { pcode: 'PE19', name: 'Pasco' },
    { pcode: 'PE20', name: 'Piura' },
    { pcode: 'PE21', name: 'Puno' },
    { pcode: 'PE22', name: 'San Martín' },
    { pcode: 'PE23', name: 'Tacna' },
    { pcode: 'PE24', name: 'Tumbes' },
    { pcode: 'PE25', name: 'Ucayali' },
  ],
  VEN: [
    { pcode: 'VE01', name: 'Distrito Capital', aliases: ['Caracas', 'Capital District'] },
    { pcode: 'VE02', name: 'Amazonas' },
    { pcode: 'VE03', name: 'Anzoátegui' },
    { pcode: 'VE04', name: 'Apure' },
    { pcode: 'VE05', name: 'Aragua' },
    { pcode: 'VE06', name: 'Barinas' },
    { pcode: 'VE07', name: 'Bolívar' },
    { pcode: 'VE08', name: 'Carabobo' },
    { pcode: 'VE09', name: 'Cojedes' },
    { pcode: 'VE10', name: 'Delta Amacuro' },
    { pcode: 'VE11', name: 'Falcón' },
    { pcode: 'VE12', name: 'Guárico' },
    { pcode: 'VE13', name: 'Lara' },
    { pcode: 'VE14', name: 'Mérida' },
    { pcode: 'VE15', name: 'Miranda' },
    { pcode: 'VE16', name: 'Monagas' },
    { pcode: 'VE17', name: 'Nueva Esparta' },
    { pcode: 'VE18', name: 'Portuguesa' },
    { pcode: 'VE19', name: 'Sucre' },
    { pcode: 'VE20', name: 'Táchira' },
    { pcode: 'VE21', name: 'Trujillo' },
    { pcode: 'VE22', name: 'Yaracuy' },
    { pcode: 'VE23', name: 'Zulia' },
    { pcode: 'VE24', name: 'La Guaira', aliases: ['Vargas'] },
    { pcode: 'VE25', name: 'Dependencias Federales' },
  ],
};

/** Folds case, accents and spacing so that `TÁCHIRA`, `tachira` and ` Táchira ` compare equal. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
