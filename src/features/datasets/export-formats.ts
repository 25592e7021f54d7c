/** The file formats an organisation's records can be exported in (export.ts writes them). */
export const EXPORT_FORMATS = ['parquet', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_EXTENSION: Readonly<Record<ExportFormat, string>> = {
  parquet: 'parquet',
  arrow: 'arrow',
};

export const EXPORT_MEDIA_TYPE: Readonly<Record<ExportFormat, string>> = {
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.file',
};
