// Tables sent upward as files (报表导出): Excel (.xlsx, written with exceljs' streaming WorkbookWriter so a
// large export is never held in memory as a workbook) and CSV (UTF-8 with a byte-order mark, so Excel opens
// the Chinese text correctly). An .xlsx starts with a title row naming what was exported (unit, period,
// time of export, a note when the rows were capped), then the header row, then the rows; a CSV is the header
// row and the rows only, so that it stays machine-readable.
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';

export type SheetFormat = 'xlsx' | 'csv';

export interface SheetColumn<R> {
  header: string;
  /** characters */
  width?: number;
  /** 'datetime': epoch ms shown in the business time zone; 'number': `numFmt` applies */
  type?: 'text' | 'datetime' | 'number';
  numFmt?: string;
  value: (row: R) => string | number | null | undefined;
}

export interface SheetSpec<R> {
  /** file name without extension (ASCII fallback is derived) */
  fileName: string;
  sheetName: string;
  title: string;
  columns: SheetColumn<R>[];
  timezone: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DATETIME_FMT = 'yyyy-mm-dd hh:mm';

/** A wall-clock time in the zone as the Date Excel will show (Excel dates carry no time zone). */
function excelDate(ms: number, zone: string): Date {
  const t = DateTime.fromMillis(ms, { zone });
  return new Date(ms + t.offset * 60_000);
}

export function formatDateTime(ms: number | null | undefined, zone: string): string {
  return ms === null || ms === undefined
    ? ''
    : DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm');
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // formulas typed into a report must not run when the file is opened (CSV injection)
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function disposition(fileName: string, ext: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]+/g, '_') || 'export';
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(fileName)}.${ext}`;
}

/** Streams the rows (pages of them, as they are read) to the response as .xlsx or .csv. */
export async function sendSheet<R>(
  res: Response,
  format: SheetFormat,
  spec: SheetSpec<R>,
  pages: AsyncIterable<R[]>,
): Promise<void> {
  const { columns, timezone } = spec;
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', disposition(spec.fileName, 'csv'));
    res.write('\uFEFF' + columns.map((c) => csvCell(c.header)).join(',') + '\r\n');
    for await (const page of pages) {
      const lines = page.map((r) =>
        columns
          .map((c) => {
            const v = c.value(r);
            return csvCell(c.type === 'datetime' ? formatDateTime(v as number | undefined, timezone) : v);
          })
          .join(','),
      );
      if (lines.length) res.write(lines.join('\r\n') + '\r\n');
    }
    res.end();
    return;
  }
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', disposition(spec.fileName, 'xlsx'));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: res,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = columns.map((c) => ({
    width: c.width ?? 14,
    style: c.type === 'datetime' ? { numFmt: DATETIME_FMT } : c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  const title = ws.addRow([spec.title]);
  title.font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, columns.length);
  title.commit();
  const head = ws.addRow(columns.map((c) => c.header));
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  head.commit();
  for await (const page of pages) {
    for (const r of page) {
      const row = ws.addRow(
        columns.map((c) => {
          const v = c.value(r);
          if (v === null || v === undefined || v === '') return null;
          return c.type === 'datetime' ? excelDate(Number(v), timezone) : v;
        }),
      );
      row.commit();
    }
  }
  ws.commit();
  await wb.commit();
}

/** `2026-12-05 22:30` in the business time zone, for title rows. */
export const exportedAt = (now: number, zone: string) => formatDateTime(now, zone);
