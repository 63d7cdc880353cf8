import { describeEnum } from '../../common/enum';

export enum FlowIndicator {
  MIGRATORY_BALANCE = 'migratory_balance',
  ENTRIES = 'entries',
  EXITS = 'exits',
  STOCK = 'stock',
  VENEZUELANS_ABROAD = 'venezuelans_abroad',
  PTP_ISSUED = 'ptp_issued',
  PTP_IN_PROCESS = 'ptp_in_process',
  PTP_APPLICATIONS = 'ptp_applications',
  PTP_APPOINTMENTS = 'ptp_appointments',
  PTP_ISSUED_OR_IN_PROCESS = 'ptp_issued_or_in_process',
}
describeEnum(FlowIndicator, 'FlowIndicator', 'Indicator of an official flow statistic.', {
  MIGRATORY_BALANCE: 'Entries minus exits of Venezuelans over the reference period.',
  ENTRIES: 'Entries of Venezuelans over the reference period.',
  EXITS: 'Exits of Venezuelans over the reference period.',
  STOCK: 'Venezuelans present in the country at the as-of date.',
  VENEZUELANS_ABROAD: 'Venezuelans residing abroad (all countries) at the as-of date.',
  PTP_ISSUED: 'Temporary Permits of Permanence (PTP) issued, cumulative at the as-of date.',
  PTP_IN_PROCESS: 'PTP applications in process at the as-of date.',
  PTP_APPLICATIONS: 'PTP applications processed, cumulative at the as-of date.',
  PTP_APPOINTMENTS: 'People with an appointment to apply for the PTP at the as-of date.',
  PTP_ISSUED_OR_IN_PROCESS: 'People who obtained the PTP or are applying, at the as-of date.',
});

export enum Publisher {
  SNM = 'snm',
  IOM = 'iom',
  R4V = 'r4v',
  UNICEF = 'unicef',
  OTHER = 'other',
}
describeEnum(Publisher, 'Publisher', 'Organisation that produced an official figure.', {
  SNM: 'Superintendencia Nacional de Migraciones (Peru).',
  IOM: 'International Organization for Migration.',
  R4V: 'Inter-Agency Coordination Platform for Refugees and Migrants from Venezuela.',
  UNICEF: 'United Nations Children’s Fund.',
  OTHER: 'Another publisher.',
});
