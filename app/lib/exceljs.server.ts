/**
 * exceljs, loaded the first time a workbook is made. Imported at start-up it took ~300 ms of every
 * server process's start (exceljs pulls in unzipper, archiver, jszip and their helpers), for a
 * feature an organizer uses a few times per round; restarts (a replaced cluster worker, a deploy)
 * now answer that much sooner. Types come from a type-only import, erased at build.
 */
import type ExcelJSModule from "exceljs";

export type ExcelJS = typeof ExcelJSModule;
let loading: Promise<ExcelJS> | undefined;

export function loadExcelJS(): Promise<ExcelJS> {
  return (loading ??= import("exceljs").then((m) => ((m as { default?: ExcelJS }).default ?? (m as unknown as ExcelJS))));
}
