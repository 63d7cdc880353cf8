import countries from 'i18n-iso-countries/index';

/**
 * i18n-iso-countries without the country names of its 79 languages: the package's main entry
 * registers every language it ships (some 80 JSON files, loaded by every process and every test
 * file that starts a hub), while the hub needs the codes (`isValid`, `alpha2ToAlpha3`) and the
 * English names, which provisioning registers itself.
 */
export default countries;
